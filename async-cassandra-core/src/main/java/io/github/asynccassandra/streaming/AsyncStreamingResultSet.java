package io.github.asynccassandra.streaming;

import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A query result delivered page by page, with back-pressure: the next page is requested from Cassandra
 * only when the consumer's outstanding demand reaches past the rows left in the current page, and is then
 * fetched while those rows are delivered. So a consumer holds at most the current page and the next one
 * in memory, however large the result, and one that asks for everything ({@link #forEach}, or
 * {@code request(Long.MAX_VALUE)}) does not wait a round trip between pages.
 *
 * <p>Consume it once, one way: as a {@link Flow.Publisher} of rows ({@link #subscribe}), of pages
 * ({@link #pages()}), or with {@link #forEach}, {@link #forEachAsync} or {@link #forEachPageAsync}. A
 * second consumer gets {@code onError(IllegalStateException)}.
 *
 * <p><b>Always close it</b> (try-with-resources), or consume it to the end: an abandoned stream keeps
 * its current page and callbacks alive. {@link #close()} stops fetching, completes the subscriber and
 * releases everything; it is idempotent.
 *
 * <pre>{@code
 * try (AsyncStreamingResultSet rows = session.executeStream("SELECT * FROM big_table",
 *         StreamConfig.builder().fetchSize(1000).build()).join()) {
 *     long count = rows.forEach(row -> process(row)).join();
 * }
 * }</pre>
 *
 * <p>Signals are delivered off the driver's I/O threads. An empty page that is not the last one (as
 * Cassandra returns with {@code ALLOW FILTERING}) does not end the stream; only the absence of a next
 * page, {@code maxPages}, {@link #close()} or an error does. An error fetching a page reaches the
 * subscriber as {@code onError} with the driver's exception.
 */
public interface AsyncStreamingResultSet extends Flow.Publisher<Row>, AutoCloseable {

    /** Publishes the rows, one {@code onNext} per row. */
    @Override
    void subscribe(Flow.Subscriber<? super Row> subscriber);

    /**
     * Publishes whole pages instead of rows; one requested item is one page. Empty pages are skipped.
     *
     * @return a publisher of the pages; it accepts one subscriber
     */
    Flow.Publisher<List<Row>> pages();

    /**
     * Passes every row to {@code action}, in order, and completes with the number of rows. If
     * {@code action} throws, the stream stops and the future fails with that exception.
     *
     * @param action what to do with each row
     * @return a future of the number of rows passed to {@code action}
     */
    CompletableFuture<Long> forEach(Consumer<? super Row> action);

    /**
     * Passes every row to {@code action} and waits for the returned stage before the next row: work
     * that is slower than Cassandra slows the stream down instead of piling up rows. Completes with the
     * number of rows, or fails with the first failure.
     *
     * @param action what to do with each row
     * @return a future of the number of rows passed to {@code action}
     */
    CompletableFuture<Long> forEachAsync(Function<? super Row, ? extends CompletionStage<?>> action);

    /**
     * Like {@link #forEachAsync} a page at a time; completes with the number of rows.
     *
     * @param action what to do with each row
     * @return a future of the number of rows passed to {@code action}
     */
    CompletableFuture<Long> forEachPageAsync(Function<? super List<Row>, ? extends CompletionStage<?>> action);

    /**
     * {@return pages received so far, not counting one read ahead whose rows have not started (1 after the
     * first)}
     */
    int pageNumber();

    /**
     * How the most recent page was fetched (coordinator, warnings, the request sent), or {@code null}
     * once the stream has ended.
     *
     * @return how the most recent page was fetched
     */
    @Nullable ExecutionInfo executionInfo();

    /** {@return rows received so far, in the pages {@link #pageNumber()} counts} */
    long totalRowsFetched();

    /** Stops the stream: same as {@link #close()}. */
    void cancel();

    /** {@return whether the stream has ended: consumed to the end, failed, cancelled or closed} */
    boolean isDone();

    /** Stops fetching, completes the subscriber if it has not ended, and releases the current page. */
    @Override
    void close();
}
