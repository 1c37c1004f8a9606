package io.github.asynccassandra.bulk.internal;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncResultSet;
import io.github.asynccassandra.ExecuteOptions;
import io.github.asynccassandra.bulk.BulkOptions;
import io.github.asynccassandra.bulk.BulkRangeException;
import io.github.asynccassandra.internal.Completion;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads one sub-range page by page. The next page is asked for only once the consumer has finished with
 * the current one, so a range holds at most one page in memory. A page that fails is asked for again,
 * from the same paging state ({@link Retries}): rows already handed over are never read twice.
 */
final class Pages {

    private final AsyncCassandraSession session;
    private final BoundStatement statement;
    private final PlannedRange range;
    private final int pageSize;
    private final BulkOptions options;
    private final Function<AsyncResultSet, CompletionStage<?>> consumer;
    private final BooleanSupplier stopped;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private long rows;

    private Pages(AsyncCassandraSession session, BoundStatement statement, PlannedRange range, int pageSize,
            BulkOptions options, Function<AsyncResultSet, CompletionStage<?>> consumer, BooleanSupplier stopped) {
        this.session = session;
        this.statement = statement;
        this.range = range;
        this.pageSize = pageSize;
        this.options = options;
        this.consumer = consumer;
        this.stopped = stopped;
    }

    /**
     * @param consumer takes each page; the next page is read when the stage it returns completes
     * @param stopped whether to stop after the current page (a cancelled scan)
     * @return the rows read, once the consumer has finished with the last page
     */
    static CompletableFuture<Long> read(AsyncCassandraSession session, BoundStatement statement, PlannedRange range,
            int pageSize, BulkOptions options, Function<AsyncResultSet, CompletionStage<?>> consumer,
            BooleanSupplier stopped) {
        Pages pages = new Pages(session, statement, range, pageSize, options, consumer, stopped);
        pages.fetch(null);
        return pages.done;
    }

    private void fetch(@Nullable ByteBuffer pagingState) {
        ExecuteOptions.Builder page = ExecuteOptions.builder().pageSize(pageSize);
        if (pagingState != null) {
            page.pagingState(pagingState);
        }
        ExecuteOptions pageOptions = page.build();
        Retries.withBackoff(() -> session.execute(statement, pageOptions), options,
                (error, tries) -> new BulkRangeException(range.range(), tries, error)).whenComplete((result, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error);
                        return;
                    }
                    rows += result.size();
                    CompletionStage<?> consumed;
                    try {
                        consumed = consumer.apply(result);
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                        return;
                    }
                    consumed.whenComplete((ignored, consumerError) -> {
                        if (consumerError != null) {
                            done.completeExceptionally(Completion.unwrap(consumerError));
                        } else if (result.hasMorePages() && !stopped.getAsBoolean()) {
                            fetch(result.getPagingState());
                        } else {
                            done.complete(rows);
                        }
                    });
                });
    }
}
