package io.github.asynccassandra.bulk;

import com.datastax.oss.driver.api.core.cql.Row;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.bulk.internal.TokenRangeBulkOperations;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Operations over a whole table, by token range, as DataStax Bulk Loader does: the ring is split into
 * sub-ranges ({@link BulkOptions#splits()}), each sub-range is one paged query
 * ({@code WHERE token(pk…) > ? AND token(pk…) <= ?}) routed to a replica that owns it and marked
 * idempotent, and at most {@link BulkOptions#parallelism()} run at once. A page that fails is asked for
 * again from where it stopped, with a growing pause, up to {@link BulkOptions#maxRetries()} times; after
 * that the operation fails with a {@link BulkRangeException} naming the range. Memory stays within
 * parallelism × page size, whatever the table's size.
 *
 * <p>Every method returns at once; bad arguments (an unknown keyspace, table or column, a target that
 * cannot be written) fail the returned future with an {@link IllegalArgumentException} naming them.
 *
 * <pre>{@code
 * BulkOperations bulk = BulkOperations.of(session);
 * long rows = bulk.count("shop", "orders").join();
 * bulk.export("shop", "orders", Path.of("orders.csv.gz"), DataFormat.CSV,
 *         BulkOptions.builder().gzip(true).checkpoint(Path.of("orders.checkpoint")).build()).join();
 * bulk.load("shop", "orders_copy", Path.of("orders.csv.gz"), DataFormat.CSV, BulkOptions.defaults()).join();
 * }</pre>
 */
public interface BulkOperations {

    /**
     * Bulk operations on the tables {@code session} can read and write.
     *
     * @param session the session
     * @return bulk operations on the tables {@code session} can read and write
     */
    static BulkOperations of(AsyncCassandraSession session) {
        return new TokenRangeBulkOperations(session, null);
    }

    /**
     * Bulk operations that also record their progress in {@code meterRegistry}, a Micrometer
     * {@code MeterRegistry} (typed {@code Object} so that Micrometer stays optional):
     * {@code cassandra.bulk.rows} and {@code cassandra.bulk.ranges} counters and a
     * {@code cassandra.bulk.progress} gauge (0 to 1) while an operation runs, tagged by operation and table.
     *
     * @param session the session
     * @param meterRegistry the meter registry
     * @return bulk operations that also record their progress in {@code meterRegistry}, a Micrometer {@code
     *     MeterRegistry}
     * @throws IllegalArgumentException when {@code meterRegistry} is not a {@code MeterRegistry}
     */
    static BulkOperations of(AsyncCassandraSession session, Object meterRegistry) {
        return new TokenRangeBulkOperations(session, Objects.requireNonNull(meterRegistry, "meterRegistry"));
    }

    /**
     * The exact number of rows of {@code keyspace.table}: the sum of a server-side {@code count(*)} per
     * sub-range. Cassandra pages an aggregate internally, so a large sub-range costs the server time, not
     * memory; if one times out, ask for more {@link BulkOptions#splits()}. A row is counted once: the
     * sub-ranges neither overlap nor leave gaps, the range that wraps around the ring included.
     *
     * @param keyspace the keyspace
     * @param table the table
     * @param options how the operation runs
     * @return the count; fails with {@link IllegalArgumentException} naming the keyspace or table when
     *     it does not exist, or with the {@link BulkRangeException} of a sub-range that failed every try
     */
    CompletableFuture<Long> count(String keyspace, String table, BulkOptions options);

    /**
     * {@link #count(String, String, BulkOptions)} with {@link BulkOptions#defaults()}.
     *
     * @param keyspace the keyspace
     * @param table the table
     * @return a future of the number of rows
     */
    default CompletableFuture<Long> count(String keyspace, String table) {
        return count(keyspace, table, BulkOptions.defaults());
    }

    /**
     * Every row of the table (its {@link BulkOptions#columns()}, those matching {@link BulkOptions#where()}),
     * to one subscriber, with back-pressure: a range reads its next page only when the subscriber has
     * taken the last one. Rows of different ranges interleave; each row comes once. Cancelling stops
     * every range after its current page.
     *
     * @param keyspace the keyspace
     * @param table the table
     * @param options how the operation runs
     * @return every row of the table
     * @throws IllegalArgumentException naming an unknown keyspace, table or column
     */
    Flow.Publisher<Row> scan(String keyspace, String table, BulkOptions options);

    /**
     * Writes the table to {@code file}, in {@code format}: to {@code <file>.inprogress}, renamed to
     * {@code file} once every range is in, so that a file by that name is always whole. With a
     * {@link BulkOptions#checkpoint() checkpoint}, a failed or killed export run again with the same
     * checkpoint reads only the ranges not yet in the file, and the file holds every row exactly once.
     *
     * @param keyspace the keyspace
     * @param table the table
     * @param file the file
     * @param format CSV or NDJSON
     * @param options how the operation runs
     * @return what was written; fails naming an unwritable target or a checkpoint of another export
     */
    CompletableFuture<ExportResult> export(String keyspace, String table, Path file, DataFormat format,
            BulkOptions options);

    /**
     * Writes the table to {@code out}, which is flushed but not closed. A stream cannot be cut back, so
     * there is no checkpoint; if the export fails, what was written is whole ranges, and the future fails.
     *
     * @param keyspace the keyspace
     * @param table the table
     * @param out where the rows are written
     * @param format CSV or NDJSON
     * @param options how the operation runs
     * @return a future of what was written
     */
    CompletableFuture<ExportResult> export(String keyspace, String table, OutputStream out, DataFormat format,
            BulkOptions options);

    /**
     * Reads {@code file} (gzip or not: detected) in {@code format} and upserts each record into the
     * table. A record that cannot be written as it is goes to the {@link BulkOptions#rejects() rejects
     * file} with its line number and the reason; the load goes on.
     *
     * @param keyspace the keyspace
     * @param table the table
     * @param file the file
     * @param format CSV or NDJSON
     * @param options how the operation runs
     * @return what was read, written and rejected; fails naming a missing file, an unknown column in a CSV
     *     header, or the record whose write failed every try
     */
    CompletableFuture<LoadResult> load(String keyspace, String table, Path file, DataFormat format,
            BulkOptions options);

    /**
     * {@link #load(String, String, Path, DataFormat, BulkOptions)} from a stream, which is closed at the end.
     *
     * @param keyspace the keyspace
     * @param table the table
     * @param in the records to read; it is not closed
     * @param format CSV or NDJSON
     * @param options how the operation runs
     * @return a future of what was written and rejected
     */
    CompletableFuture<LoadResult> load(String keyspace, String table, InputStream in, DataFormat format,
            BulkOptions options);
}
