package io.github.asynccassandra.springdatausers;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.cassandra.core.ReactiveCassandraTemplate;
import org.springframework.data.cassandra.core.mapping.Column;
import org.springframework.data.cassandra.core.mapping.PrimaryKey;
import org.springframework.data.cassandra.core.mapping.Table;
import org.springframework.data.cassandra.core.mapping.UserDefinedType;
import org.springframework.data.cassandra.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The benchmark's other variant of the users service: the same endpoints and table as the sample app,
 * written the idiomatic Spring Data way (a {@code ReactiveCassandraRepository} on WebFlux, Boot's own
 * Cassandra auto-configuration). Started by {@code ServiceBenchmark} in a JVM of its own.
 */
@SpringBootApplication
public class SpringDataUsersApplication {

    public static void main(String[] args) {
        SpringApplication.run(SpringDataUsersApplication.class, args);
    }

    /** The {@code sample.address} UDT. */
    @UserDefinedType("address")
    public record Address(String street, String city, String zip) {
    }

    /** A row of {@code sample.users}. */
    @Table("users")
    public record User(@PrimaryKey UUID id, String name, String email, Integer age, Address address,
            @Column("created_at") Instant createdAt, @Column("updated_at") Instant updatedAt) {
    }

    /** What a client sends. */
    public record UserInput(String name, String email, Integer age, Address address) {
    }

    @RestController
    @RequestMapping("/users")
    static class UserController {
        private final SpringDataUsers users;
        private final ReactiveCassandraTemplate template;

        UserController(SpringDataUsers users, ReactiveCassandraTemplate template) {
            this.users = users;
            this.template = template;
        }

        @GetMapping("/{id}")
        Mono<User> get(@PathVariable UUID id) {
            return users.findById(id).switchIfEmpty(Mono.error(() ->
                    new ResponseStatusException(HttpStatus.NOT_FOUND, "No user " + id)));
        }

        @PostMapping
        Mono<ResponseEntity<User>> create(@RequestBody UserInput input) {
            if (input.name() == null || input.name().isBlank() || input.email() == null || input.email().isBlank()) {
                return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "name and email are required"));
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            User user = new User(UUID.randomUUID(), input.name(), input.email(), input.age(), input.address(), now,
                    now);
            return users.insert(user).map(saved -> ResponseEntity.created(URI.create("/users/" + saved.id()))
                    .body(saved));
        }

        /** Every user as NDJSON; the template pages through the table as the response is written. */
        @GetMapping(path = "/export", produces = MediaType.APPLICATION_NDJSON_VALUE)
        Flux<User> export() {
            return template.select(Query.empty(), User.class);
        }
    }
}
