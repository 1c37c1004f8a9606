package io.github.asynccassandra.sample.users;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.github.asynccassandra.sample.audit.UserAudit;
import io.github.asynccassandra.sample.audit.UserAuditRepository;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The users API. Every handler returns a {@link Mono} or {@link Flux} built on the session's futures
 * and streams: no request thread ever waits on Cassandra.
 */
@RestController
@RequestMapping("/users")
class UserController {

    static final int MAX_PAGE_SIZE = 1000;
    static final int MAX_BATCH = 50;
    /**
     * Rows per page of an export: the driver's default page size, as Spring Data reads. At most two pages
     * (the one being written and the one read ahead) are held per export, about 1 MB for these rows.
     */
    private static final int STREAM_FETCH_SIZE = 5000;

    private final UserRepository users;
    private final UserCount userCount;
    private final UserValidation validation;
    private final JsonMapper json;
    private final UserAuditRepository auditLog;

    UserController(UserRepository users, UserCount userCount, UserValidation validation, JsonMapper json,
            UserAuditRepository auditLog) {
        this.users = users;
        this.userCount = userCount;
        this.validation = validation;
        this.json = json;
        this.auditLog = auditLog;
    }

    /**
     * A user's changes, newest first, from the audit log that Spring Data writes on the same session.
     */
    @GetMapping("/{id}/audit")
    Flux<UserAudit> audit(@PathVariable UUID id) {
        return auditLog.findByUserId(id);
    }

    /**
     * Records a change in the audit log, after the change itself: if it fails, the request fails (the
     * change stays made, and the error says so), rather than the failure being hidden.
     */
    private Mono<UserAudit> audited(UUID id, String action) {
        return Mono.defer(() -> auditLog.save(new UserAudit(id, Uuids.timeBased(), action, now())));
    }

    /**
     * The exact number of users: a token-range count, sub-ranges in parallel, each read from a replica,
     * never a single {@code SELECT count(*)} over the whole table; one at a time, and its result served for
     * {@code sample.count.cache-for} ({@link UserCount}).
     */
    @GetMapping("/count")
    Mono<Map<String, Long>> count() {
        return Mono.fromFuture(userCount::get).map(count -> Map.of("count", count));
    }

    /**
     * Creates a user with a new id. Not safe to retry blindly: a retry after a lost response creates a
     * second user. To retry safely, choose the id and use {@code POST /users/{id}}, which creates it at
     * most once.
     */
    @PostMapping
    Mono<ResponseEntity<User>> create(@Validated(UserInput.Complete.class) @RequestBody UserInput input) {
        User user = newUser(UUID.randomUUID(), input);
        return Mono.fromFuture(() -> users.insert(user)).then(audited(user.id(), "CREATED"))
                .thenReturn(ResponseEntity.created(URI.create("/users/" + user.id())).body(user));
    }

    /**
     * Creates a user with the given id unless it exists (a lightweight transaction): 409 when it does.
     * The safe way to retry a create: a second try of the same request cannot create a second user.
     */
    @PostMapping("/{id}")
    Mono<ResponseEntity<User>> createIfAbsent(@PathVariable UUID id,
            @Validated(UserInput.Complete.class) @RequestBody UserInput input) {
        User user = newUser(id, input);
        return Mono.fromFuture(() -> users.insertIfAbsent(user)).flatMap(inserted -> {
            if (!inserted) {
                return Mono.error(new ResponseStatusException(HttpStatus.CONFLICT, "User " + id + " already exists"));
            }
            return audited(id, "CREATED").thenReturn(ResponseEntity.created(URI.create("/users/" + id)).body(user));
        });
    }

    /** Creates up to {@value #MAX_BATCH} users in one logged batch: all or none. */
    @PostMapping("/batch")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<List<User>> createAll(@RequestBody List<UserInput> inputs) {
        if (inputs.isEmpty() || inputs.size() > MAX_BATCH) {
            throw new InvalidUserException("a batch holds 1 to " + MAX_BATCH + " users, got " + inputs.size());
        }
        List<User> created = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                throw new InvalidUserException("user " + i + ": is null; a batch holds user objects");
            }
            validation.check(inputs.get(i), "user " + i + ": ", UserInput.Complete.class);
            created.add(newUser(UUID.randomUUID(), inputs.get(i)));
        }
        // Checked before anything is sent: a batch over Cassandra's size limit fails as a whole.
        UserRepository.Batch batch = users.batch(created);
        return Mono.fromFuture(() -> users.insertAll(batch))
                .thenMany(Flux.fromIterable(created).concatMap(user -> audited(user.id(), "CREATED")))
                .then(Mono.just(created));
    }

    @GetMapping("/{id}")
    Mono<User> get(@PathVariable UUID id) {
        return Mono.fromFuture(() -> users.find(id)).map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /** Replaces every field of an existing user; returns the user as written. */
    @PutMapping("/{id}")
    Mono<User> replace(@PathVariable UUID id, @Validated(UserInput.Complete.class) @RequestBody UserInput input) {
        return Mono.fromFuture(() -> users.replace(id, input, now()))
                .flatMap(existed -> written(id, existed, "REPLACED"));
    }

    /**
     * Changes a user with a JSON Merge Patch (RFC 7396): the fields the body carries are set, a field set
     * to {@code null} is cleared ({@code name} and {@code email} cannot be); returns the user as written.
     */
    @PatchMapping(path = "/{id}", consumes = {"application/merge-patch+json", MediaType.APPLICATION_JSON_VALUE})
    Mono<User> patch(@PathVariable UUID id, @RequestBody JsonNode body) {
        UserPatch patch = UserPatch.of(body, json);
        validation.check(patch.values(), "");
        if (patch.addressChanges() != null) {
            validation.check(patch.mergeAddress(null), "address.");
        }
        return Mono.fromFuture(() -> users.patch(id, patch, now()))
                .flatMap(existed -> written(id, existed, "PATCHED"));
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable UUID id) {
        return Mono.fromFuture(() -> users.delete(id)).flatMap(existed -> existed
                ? audited(id, "DELETED").thenReturn(ResponseEntity.noContent().<Void>build())
                : Mono.error(notFound(id)));
    }

    /**
     * One page of users; pass the returned {@code pagingState} back to get the next. The order is the
     * table's token order, stable across pages.
     */
    @GetMapping
    Mono<UserPage> list(@RequestParam(defaultValue = "50") int pageSize,
            @RequestParam(required = false) String pagingState) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new InvalidUserException("pageSize must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        return Mono.fromFuture(() -> users.page(pageSize, pagingState))
                // The driver refuses a token of another query, or garbage, as an illegal argument.
                .onErrorMap(IllegalArgumentException.class, e -> new InvalidUserException("pagingState: "
                        + e.getMessage()));
    }

    /**
     * Every user as newline-delimited JSON, streamed: a page is fetched only when the client has read
     * the previous ones, so memory stays flat however many users there are.
     */
    @GetMapping(path = {"/stream", "/export"}, produces = MediaType.APPLICATION_NDJSON_VALUE)
    Flux<User> stream() {
        // The stream is closed however the response ends: completed, failed, or the client gone.
        return Flux.usingWhen(Mono.fromFuture(() -> users.streamAll(STREAM_FETCH_SIZE)),
                rows -> JdkFlowAdapter.flowPublisherToFlux(rows).map(User::fromRow),
                rows -> Mono.fromRunnable(rows::close));
    }

    /** Every user, one NDJSON line per page fetched. */
    @GetMapping(path = "/stream/pages", produces = MediaType.APPLICATION_NDJSON_VALUE)
    Flux<UsersPageChunk> streamPages(@RequestParam(defaultValue = "500") int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new InvalidUserException("pageSize must be between 1 and " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        return Flux.usingWhen(Mono.fromFuture(() -> users.streamAll(pageSize)),
                rows -> JdkFlowAdapter.flowPublisherToFlux(rows.pages()), rows -> Mono.fromRunnable(rows::close))
                .index((page, rows) -> new UsersPageChunk(page + 1, rows.stream().map(User::fromRow).toList()));
    }

    /** A page of a streamed export. */
    record UsersPageChunk(long page, List<User> users) {
    }

    /**
     * The user as the applied lightweight transaction left it. Cassandra returns only {@code [applied]}
     * for an applied conditional update, so the row is read at {@code LOCAL_SERIAL}: a linearizable read
     * that sees that write (or a later one), never an older state, unlike a {@code LOCAL_ONE} read.
     */
    private Mono<User> written(UUID id, boolean existed, String action) {
        if (!existed) {
            return Mono.error(notFound(id));
        }
        return audited(id, action).then(Mono.fromFuture(() -> users.findLinearizable(id)))
                .map(found -> found.orElseThrow(() -> notFound(id)));
    }

    private static User newUser(UUID id, UserInput input) {
        Instant now = now();
        return new User(id, input.name(), input.email(), input.age(), input.address(), now, now);
    }

    // Cassandra timestamps hold milliseconds: what is returned is what is stored.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ResponseStatusException notFound(UUID id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No user " + id);
    }
}
