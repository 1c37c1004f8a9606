package io.github.asynccassandra.springdatausers;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.cassandra.core.ReactiveCassandraTemplate;
import org.springframework.data.cassandra.core.cql.Ordering;
import org.springframework.data.cassandra.core.cql.PrimaryKeyType;
import org.springframework.data.cassandra.core.mapping.Column;
import org.springframework.data.cassandra.core.mapping.PrimaryKey;
import org.springframework.data.cassandra.core.mapping.PrimaryKeyColumn;
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
 * The benchmark's other variant of the users service: the same endpoints and tables as the sample app,
 * written the idiomatic Spring Data way (a {@code ReactiveCassandraRepository} on WebFlux, Boot's own
 * Cassandra auto-configuration). Like the sample app, it validates input with Bean Validation, records
 * each created user in the audit log after the user, and runs with actuator and Prometheus, so the two
 * services differ only in how they reach Cassandra. Started by {@code ServiceBenchmark} in a JVM of its own.
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

    /** What a client sends, with the sample app's constraints. */
    public record UserInput(@NotBlank @Size(max = 100) String name, @NotBlank @Email @Size(max = 254) String email,
            @Min(0) @Max(150) Integer age, @Valid Address address) {
    }

    /** A row of {@code sample.user_audit}, as the sample app maps it. */
    @Table("user_audit")
    public record UserAudit(
            @PrimaryKeyColumn(name = "user_id", type = PrimaryKeyType.PARTITIONED) UUID userId,
            @PrimaryKeyColumn(name = "at", type = PrimaryKeyType.CLUSTERED, ordering = Ordering.DESCENDING) UUID at,
            @Column("action") String action, @Column("time") Instant time) {
    }

    @RestController
    @RequestMapping("/users")
    static class UserController {
        private final SpringDataUsers users;
        private final SpringDataUserAudit auditLog;
        private final ReactiveCassandraTemplate template;

        UserController(SpringDataUsers users, SpringDataUserAudit auditLog, ReactiveCassandraTemplate template) {
            this.users = users;
            this.auditLog = auditLog;
            this.template = template;
        }

        @GetMapping("/{id}")
        Mono<User> get(@PathVariable UUID id) {
            return users.findById(id).switchIfEmpty(Mono.error(() ->
                    new ResponseStatusException(HttpStatus.NOT_FOUND, "No user " + id)));
        }

        @PostMapping
        Mono<ResponseEntity<User>> create(@Valid @RequestBody UserInput input) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            User user = new User(UUID.randomUUID(), input.name(), input.email(), input.age(), input.address(), now,
                    now);
            return users.insert(user)
                    .flatMap(saved -> auditLog.save(new UserAudit(saved.id(), Uuids.timeBased(), "CREATED", now))
                            .thenReturn(ResponseEntity.created(URI.create("/users/" + saved.id())).body(saved)));
        }

        /** Every user as NDJSON; the template pages through the table as the response is written. */
        @GetMapping(path = "/export", produces = MediaType.APPLICATION_NDJSON_VALUE)
        Flux<User> export() {
            return template.select(Query.empty(), User.class);
        }
    }
}
