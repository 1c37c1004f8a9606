package io.github.asynccassandra.sample.users;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.ExecuteOptions;
import io.github.asynccassandra.streaming.AsyncStreamingResultSet;
import io.github.asynccassandra.streaming.StreamConfig;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Repository;
import org.springframework.web.server.ResponseStatusException;

/**
 * The {@code sample.users} table, through prepared statements. The schema is created at start-up,
 * idempotently; every other call returns a future and never blocks.
 */
@Repository
public class UserRepository {

    /** The keyspace of the users table. */
    public static final String KEYSPACE = "sample";
    /** Every SELECT reads these, in this order: {@link User#fromRow} reads them by position. */
    private static final String COLUMNS = "id, name, email, age, address, created_at, updated_at";

    private final AsyncCassandraSession session;
    private final PreparedStatement insert;
    private final PreparedStatement insertIfAbsent;
    private final PreparedStatement select;
    private final PreparedStatement selectAll;
    private final PreparedStatement replace;
    private final PreparedStatement delete;
    /** Most bytes of values in a batch: under Cassandra's default batch_size_fail_threshold (50 KiB), which
     * counts a little more than the values (names, timestamps). */
    static final int MAX_BATCH_BYTES = 40 * 1024;
    /** How many times a merge of a partial address reads again when another write changed the address. */
    static final int MAX_MERGE_ATTEMPTS = 5;
    // One prepared UPDATE per set of changed or cleared fields and condition: at most 16 × 8 × 2.
    private final Map<String, CompletableFuture<PreparedStatement>> patches = new ConcurrentHashMap<>();

    public UserRepository(AsyncCluster cluster, AsyncCassandraSession session,
            @Value("${sample.replication-factor:1}") int replicationFactor) {
        this.session = session;
        // Start-up only: the schema must exist before the first request.
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE + " WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': " + replicationFactor + "}").join();
        session.execute("CREATE TYPE IF NOT EXISTS " + KEYSPACE + ".address (street text, city text, zip text)")
                .join();
        session.execute("CREATE TABLE IF NOT EXISTS " + KEYSPACE + ".users (id uuid PRIMARY KEY, name text, "
                + "email text, age int, address frozen<address>, created_at timestamp, updated_at timestamp)").join();
        // Written by Spring Data (UserAuditRepository), on the same session.
        session.execute("CREATE TABLE IF NOT EXISTS " + KEYSPACE + ".user_audit (user_id uuid, at timeuuid, "
                + "action text, time timestamp, PRIMARY KEY (user_id, at)) WITH CLUSTERING ORDER BY (at DESC)").join();
        cluster.registerUserType(KEYSPACE, "address", Address.class);
        String values = "VALUES (?, ?, ?, ?, ?, ?, ?)";
        this.insert = prepare("INSERT INTO " + KEYSPACE + ".users (" + COLUMNS + ") " + values);
        this.insertIfAbsent = prepare("INSERT INTO " + KEYSPACE + ".users (" + COLUMNS + ") " + values
                + " IF NOT EXISTS");
        this.select = prepare("SELECT " + COLUMNS + " FROM " + KEYSPACE + ".users WHERE id = ?");
        this.selectAll = prepare("SELECT " + COLUMNS + " FROM " + KEYSPACE + ".users");
        this.replace = prepare("UPDATE " + KEYSPACE + ".users SET name = ?, email = ?, age = ?, address = ?, "
                + "updated_at = ? WHERE id = ? IF EXISTS");
        this.delete = prepare("DELETE FROM " + KEYSPACE + ".users WHERE id = ? IF EXISTS");
    }

    private PreparedStatement prepare(String cql) {
        return session.prepare(cql).join();
    }

    /** Inserts a user: a plain upsert, idempotent, so the driver may retry it and send it speculatively. */
    public CompletableFuture<Void> insert(User user) {
        return session.execute(bindInsert(insert, user).setIdempotent(true)).thenApply(rows -> null);
    }

    /** Inserts unless the id exists (a lightweight transaction); whether it was inserted. */
    public CompletableFuture<Boolean> insertIfAbsent(User user) {
        return session.execute(bindInsert(insertIfAbsent, user)).thenApply(rows -> rows.wasApplied());
    }

    /** A logged batch of inserts, known to be within the size limit. */
    public record Batch(BatchStatement statement) {
    }

    /**
     * The logged batch that inserts {@code users}: all or none.
     *
     * @throws InvalidUserException when its values exceed {@value #MAX_BATCH_BYTES} bytes
     */
    public Batch batch(List<User> users) {
        BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.LOGGED);
        long bytes = 0;
        for (User user : users) {
            BoundStatement bound = bindInsert(insert, user);
            for (ByteBuffer value : bound.getValues()) {
                bytes += value == null ? 0 : value.remaining();
            }
            batch = batch.add(bound);
        }
        if (bytes > MAX_BATCH_BYTES) {
            throw new InvalidUserException("the batch of " + users.size() + " users holds " + bytes + " bytes of "
                    + "values, more than the " + MAX_BATCH_BYTES + " a batch may (Cassandra refuses batches over "
                    + "its batch_size_fail_threshold, 50 KiB by default): send fewer or smaller users");
        }
        return new Batch(batch.setIdempotent(true));
    }

    /** Inserts a batch: idempotent, as its inserts are. */
    public CompletableFuture<Void> insertAll(Batch batch) {
        return session.executeBatch(batch.statement()).thenApply(rows -> null);
    }

    public CompletableFuture<Optional<User>> find(UUID id) {
        return session.execute(select.bind(id).setIdempotent(true))
                .thenApply(rows -> Optional.ofNullable(rows.one()).map(User::fromRow));
    }

    /** The user as the last lightweight transaction on it left it: a {@code LOCAL_SERIAL} read. */
    public CompletableFuture<Optional<User>> findLinearizable(UUID id) {
        return session.execute(select.bind(id).setIdempotent(true)
                .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_SERIAL))
                .thenApply(rows -> Optional.ofNullable(rows.one()).map(User::fromRow));
    }

    /** Replaces every field of an existing user; whether the user existed. */
    public CompletableFuture<Boolean> replace(UUID id, UserInput input, Instant now) {
        return session.execute(replace, input.name(), input.email(), input.age(), input.address(), now, id)
                .thenApply(rows -> rows.wasApplied());
    }

    /**
     * Sets and clears the fields of {@code patch}; whether the user existed. A partial address is merged into the
     * stored one (a frozen UDT is written whole): the stored address is read, merged, and written only if it is still
     * the one read (a lightweight transaction, like every update here), read again when a write came in between.
     */
    public CompletableFuture<Boolean> patch(UUID id, UserPatch patch, Instant now) {
        if (patch.addressChanges() == null) {
            return update(id, patch, patch.values().address(), now, false, null);
        }
        return mergeAddress(id, patch, now, 1);
    }

    private CompletableFuture<Boolean> mergeAddress(UUID id, UserPatch patch, Instant now, int attempt) {
        return findLinearizable(id).thenCompose(found -> {
            if (found.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            Address stored = found.get().address();
            return update(id, patch, patch.mergeAddress(stored), now, true, stored).thenCompose(applied -> {
                if (applied) {
                    return CompletableFuture.completedFuture(true);
                }
                if (attempt >= MAX_MERGE_ATTEMPTS) {
                    return CompletableFuture.failedFuture(new ResponseStatusException(HttpStatus.CONFLICT, "The "
                            + "address of user " + id + " changed " + attempt + " times while it was merged: try again"));
                }
                return mergeAddress(id, patch, now, attempt + 1);
            });
        });
    }

    /** One UPDATE, {@code IF EXISTS}, or {@code IF address = expected} when {@code conditional}. */
    private CompletableFuture<Boolean> update(UUID id, UserPatch patch, @Nullable Address address, Instant now,
            boolean conditional, @Nullable Address expected) {
        List<String> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        UserInput input = patch.values();
        addIfPresent(columns, values, "name", input.name());
        addIfPresent(columns, values, "email", input.email());
        addIfPresent(columns, values, "age", input.age());
        if (conditional) {
            columns.add("address");
            values.add(address);
        } else {
            addIfPresent(columns, values, "address", address);
        }
        for (String field : patch.cleared()) {
            columns.add(field);
            values.add(null);
        }
        columns.add("updated_at");
        values.add(now);
        values.add(id);
        String statement = String.join(" = ?, ", columns) + " = ? WHERE id = ? ";
        if (conditional) {
            statement += "IF address = ?";
            values.add(expected);
        } else {
            statement += "IF EXISTS";
        }
        return preparedPatch(statement).thenCompose(prepared -> session.execute(prepared, values.toArray()))
                .thenApply(rows -> rows.wasApplied());
    }

    /**
     * The UPDATE for these assignments, prepared once. A failed prepare is not cached, so the next PATCH
     * tries again; it is removed outside the map's own update, since a prepare can fail at once (a
     * closed session) and a map may not be changed from inside its {@code computeIfAbsent}.
     */
    private CompletableFuture<PreparedStatement> preparedPatch(String assignments) {
        CompletableFuture<PreparedStatement> known = patches.get(assignments);
        if (known != null) {
            return known;
        }
        CompletableFuture<PreparedStatement> created = session.prepare("UPDATE " + KEYSPACE + ".users SET "
                + assignments);
        CompletableFuture<PreparedStatement> raced = patches.putIfAbsent(assignments, created);
        if (raced != null) {
            return raced;
        }
        created.whenComplete((statement, error) -> {
            if (error != null) {
                patches.remove(assignments, created);
            }
        });
        return created;
    }

    /** Deletes a user; whether it existed. */
    public CompletableFuture<Boolean> delete(UUID id) {
        return session.execute(delete, id).thenApply(rows -> rows.wasApplied());
    }

    /** One page of users, starting at {@code pagingState} (or the first page). */
    public CompletableFuture<UserPage> page(int pageSize, String pagingState) {
        ExecuteOptions.Builder options = ExecuteOptions.builder().pageSize(pageSize);
        if (pagingState != null) {
            options.pagingStateToken(pagingState);
        }
        return session.execute(selectAll.bind().setIdempotent(true), options.build())
                .thenApply(rows -> new UserPage(rows.stream().map(User::fromRow).toList(),
                        rows.getPagingStateToken()));
    }

    /** Every user, fetched a page at a time as the consumer asks for rows. */
    public CompletableFuture<AsyncStreamingResultSet> streamAll(int fetchSize) {
        return session.executeStream(selectAll.bind().setIdempotent(true),
                StreamConfig.builder().fetchSize(fetchSize).build());
    }

    /**
     * An insert of {@code user} whose missing fields stay unset: a bound {@code null} would be written as a
     * tombstone, which every later read of the row has to skip.
     */
    private static BoundStatement bindInsert(PreparedStatement statement, User user) {
        BoundStatementBuilder insert = statement.boundStatementBuilder(user.id(), user.name(), user.email())
                .setInstant("created_at", user.createdAt()).setInstant("updated_at", user.updatedAt());
        if (user.age() != null) {
            insert = insert.setInt("age", user.age());
        }
        if (user.address() != null) {
            insert = insert.set("address", user.address(), Address.class);
        }
        return insert.build();
    }

    private static void addIfPresent(List<String> columns, List<Object> values, String column, Object value) {
        if (value != null) {
            columns.add(column);
            values.add(value);
        }
    }
}
