package io.github.asynccassandra.bulk.internal;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.bulk.BulkOperations;
import io.github.asynccassandra.bulk.BulkOptions;
import io.github.asynccassandra.bulk.BulkRangeException;
import io.github.asynccassandra.bulk.DataFormat;
import io.github.asynccassandra.bulk.ExportResult;
import io.github.asynccassandra.bulk.LoadResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** {@link BulkOperations} by token range on one session. */
public final class TokenRangeBulkOperations implements BulkOperations {

    private final AsyncCassandraSession session;
    private final Progress.@Nullable MetersFactory meters;

    /**
     * @param meterRegistry a Micrometer {@code MeterRegistry} for progress meters, or {@code null}
     */
    public TokenRangeBulkOperations(AsyncCassandraSession session, @Nullable Object meterRegistry) {
        this.session = Objects.requireNonNull(session, "session");
        this.meters = meterRegistry == null ? null : BulkMeters.of(meterRegistry);
    }

    @Override
    public CompletableFuture<Long> count(String keyspace, String table, BulkOptions options) {
        return started(() -> {
            BulkTarget target = BulkTarget.of(session.getDriverSession(), keyspace, table, options);
            List<PlannedRange> ranges = target.plan();
            Progress progress = new Progress("count", target.displayName(), target.displayName(), ranges.size(), 0,
                    options, null, meters);
            return session.prepare(target.select("count(*)")).thenCompose(prepared -> new RangeTasks(ranges,
                    range -> Retries.withBackoff(() -> session.execute(target.bind(prepared, range.range())), options,
                            (error, tries) -> new BulkRangeException(range.range(), tries,
                                    error)).thenAccept(result -> {
                                        progress.rows(result.one().getLong(0));
                                        progress.rangeDone();
                                    })).run(options.parallelism()))
                    .thenApply(done -> {
                        progress.report(true);
                        return progress.rows();
                    }).whenComplete((rows, error) -> progress.end());
        });
    }

    @Override
    public Flow.Publisher<Row> scan(String keyspace, String table, BulkOptions options) {
        BulkTarget target = BulkTarget.of(session.getDriverSession(), keyspace, table, options);
        String cql = target.select(BulkTarget.selectList(target.columns()));
        List<PlannedRange> ranges = target.plan();
        int pageSize = pageSize(options);
        return new ScanPublisher(options.parallelism(), (consumer, stopped) -> {
            CompletableFuture<PreparedStatement> prepared = session.prepare(cql);
            return new RangeTasks(ranges, range -> prepared.thenCompose(statement -> Pages.read(session,
                    target.bind(statement, range.range()), range, pageSize, options, consumer, stopped)));
        });
    }

    @Override
    public CompletableFuture<ExportResult> export(String keyspace, String table, Path file, DataFormat format,
            BulkOptions options) {
        Objects.requireNonNull(file, "file");
        return started(() -> exporter(keyspace, table, format, options).toFile(file));
    }

    @Override
    public CompletableFuture<ExportResult> export(String keyspace, String table, OutputStream out, DataFormat format,
            BulkOptions options) {
        return started(() -> exporter(keyspace, table, format, options).toStream(out));
    }

    @Override
    public CompletableFuture<LoadResult> load(String keyspace, String table, Path file, DataFormat format,
            BulkOptions options) {
        Objects.requireNonNull(file, "file");
        return started(() -> loader(keyspace, table, format, options).fromFile(file));
    }

    @Override
    public CompletableFuture<LoadResult> load(String keyspace, String table, InputStream in, DataFormat format,
            BulkOptions options) {
        return started(() -> loader(keyspace, table, format, options).fromStream(in));
    }

    private Exporter exporter(String keyspace, String table, DataFormat format, BulkOptions options) {
        BulkTarget target = BulkTarget.of(session.getDriverSession(), keyspace, table, options);
        return new Exporter(session, target, format, options, pageSize(options), meters);
    }

    private Loader loader(String keyspace, String table, DataFormat format, BulkOptions options) {
        return new Loader(session, BulkTarget.of(session.getDriverSession(), keyspace, table, options), format,
                options, meters);
    }

    /** The options' page size, else the session's default profile's. */
    private int pageSize(BulkOptions options) {
        return options.pageSize() > 0 ? options.pageSize() : session.getDriverSession().getContext().getConfig()
                .getDefaultProfile().getInt(DefaultDriverOption.REQUEST_PAGE_SIZE);
    }

    /** Bad arguments fail the returned future, like every later error, rather than throw. */
    private static <T> CompletableFuture<T> started(Supplier<CompletableFuture<T>> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
