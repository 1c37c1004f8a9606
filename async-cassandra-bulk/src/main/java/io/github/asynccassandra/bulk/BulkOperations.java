package io.github.asynccassandra.bulk;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.bulk.internal.TokenRangeBulkOperations;
import java.util.concurrent.CompletableFuture;

/**
 * Operations over a whole table, by token range, as DataStax Bulk Loader does: the ring is split into
 * sub-ranges ({@link BulkOptions#splits()}), each sub-range is one query
 * ({@code WHERE token(pk…) > ? AND token(pk…) <= ?}) routed to a replica that owns it and marked
 * idempotent, and at most {@link BulkOptions#parallelism()} run at once. A sub-range that fails is
 * tried again with a growing pause, up to {@link BulkOptions#maxRetries()} times; after that the
 * operation fails, naming the range.
 *
 * <pre>{@code
 * BulkOperations bulk = BulkOperations.of(session);
 * long rows = bulk.count("shop", "orders").join();
 * }</pre>
 */
public interface BulkOperations {

    /** Bulk operations on the tables {@code session} can read. */
    static BulkOperations of(AsyncCassandraSession session) {
        return new TokenRangeBulkOperations(session);
    }

    /**
     * The exact number of rows of {@code keyspace.table}: the sum of a server-side {@code count(*)} per
     * sub-range. Cassandra pages an aggregate internally, so a large sub-range costs the server time, not
     * memory; if one times out, ask for more {@link BulkOptions#splits()}. A row is counted once: the
     * sub-ranges neither overlap nor leave gaps, the range that wraps around the ring included.
     *
     * @return the count; fails with {@link IllegalArgumentException} naming the keyspace or table when
     *     it does not exist, or with the last error of a sub-range that failed every try
     */
    CompletableFuture<Long> count(String keyspace, String table, BulkOptions options);

    /** {@link #count(String, String, BulkOptions)} with {@link BulkOptions#defaults()}. */
    default CompletableFuture<Long> count(String keyspace, String table) {
        return count(keyspace, table, BulkOptions.defaults());
    }
}
