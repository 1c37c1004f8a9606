package io.github.asynccassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.internal.Arguments;
import io.github.asynccassandra.internal.Binder;
import io.github.asynccassandra.internal.Threads;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.streaming.AsyncStreamingResultSet;
import io.github.asynccassandra.streaming.StreamConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Executes CQL asynchronously. Every method returns at once with a {@link CompletableFuture} that
 * always completes:
 *
 * <ul>
 *   <li>with the result;
 *   <li>with the driver's own exception ({@code InvalidQueryException}, {@code ReadTimeoutException},
 *       {@code AllNodesFailedException}, …), unwrapped;
 *   <li>with {@link IllegalArgumentException} for bad input (null or empty CQL, wrong number or types of
 *       bind values, unknown named values, an invalid keyspace name), naming the problem;
 *   <li>with {@link ConnectionException} once the session is closed;
 *   <li>with {@link io.github.asynccassandra.exceptions.QueryException} for anything else unexpected.
 * </ul>
 *
 * <p>Futures complete on the cluster's callback executor, never on a driver I/O thread, so code chained
 * on them cannot stall the driver; with {@link AsyncCluster.Builder#completeOnCallerEventLoop(boolean)}, a
 * caller on a Netty event loop has those of {@code execute} and {@code prepare} completed on that loop.
 * Obtain a session with {@link AsyncCluster#connect()}.
 *
 * <p>An interface, like the driver's {@code AsyncCqlSession}: every overload is a {@code default} method
 * that checks its arguments and delegates to one of the few abstract methods
 * ({@link #execute(Statement, ExecuteOptions)}, {@link #executeStream(Statement, StreamConfig)},
 * {@link #prepare(String, Map, Duration)}), so a test double or a decorator implements only those.
 */
public interface AsyncCassandraSession extends AutoCloseable {

    /** Timeout of schema changes that set none themselves: they routinely outlast a query's timeout. */
    Duration DEFAULT_DDL_TIMEOUT = Duration.ofSeconds(30);

    // ---- the methods an implementation provides ------------------------------------------------------

    /**
     * Executes a statement with per-request options. Returns every row of the result, fetching the
     * remaining pages asynchronously, unless the options ask for a single page.
     *
     * @param statement the statement to send
     * @param options per-request options
     * @return a future of the result: every row, or one page when the options ask for it
     */
    CompletableFuture<AsyncResultSet> execute(Statement<?> statement, ExecuteOptions options);

    /**
     * Runs a query and returns its rows as a back-pressured stream: a page of {@code fetchSize} rows is
     * fetched only when the consumer needs it, so memory stays bounded by the page size. The future
     * completes once the first page has arrived (or fails as {@code execute} does). Always close the
     * stream, or consume it to the end.
     *
     * @param statement the statement to send
     * @param config how the stream pages and reads ahead
     * @return a future of the stream, completed once the first page has arrived
     */
    CompletableFuture<AsyncStreamingResultSet> executeStream(Statement<?> statement, StreamConfig config);

    /**
     * Prepares a statement with a custom payload and a timeout.
     *
     * @param customPayload sent with the PREPARE request, or {@code null}
     * @param timeout of the PREPARE request, or {@code null} for the profile's
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @return a future of the prepared statement
     */
    CompletableFuture<PreparedStatement> prepare(String cql, @Nullable Map<String, ByteBuffer> customPayload,
            @Nullable Duration timeout);

    /** {@return the session's current keyspace, or {@code null} when none is set} */
    @Nullable String getKeyspace();

    /**
     * The underlying driver session, for what this API does not cover, and for other libraries (Spring
     * Data) to share. Its requests are measured like this API's; when the cluster has an observation
     * registry, its {@code execute}, {@code executeAsync} and {@code prepare} calls are observed too.
     *
     * @return the driver session under this API
     */
    CqlSession getDriverSession();

    /** {@return the metrics middleware requests are reported to, or {@code null}} */
    @Nullable MetricsMiddleware getMetrics();

    /**
     * Closes the session once its in-flight requests have finished. Idempotent: every call returns the
     * same future. Requests made afterwards fail with {@code ConnectionException("Session is closed")}.
     *
     * @return a future completed once the session has closed
     */
    CompletableFuture<Void> closeAsync();

    /**
     * Closes the session now, failing its in-flight requests, for when a graceful {@link #closeAsync()}
     * takes too long. Returns the same future as {@code closeAsync()}.
     *
     * @return a future completed once the session has closed
     */
    CompletableFuture<Void> forceCloseAsync();

    /** {@return whether {@link #closeAsync()} or {@link #close()} has been called} */
    boolean isClosed();

    // ---- overloads, each delegating to one of the above ----------------------------------------------

    /**
     * Executes a CQL string with no bound values.
     *
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @return a future of the result: every row, or one page when the options ask for it
     */
    default CompletableFuture<AsyncResultSet> execute(String cql) {
        return execute(cql, ExecuteOptions.DEFAULT);
    }

    /**
     * Executes a CQL string with no bound values and per-request options.
     *
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @param options per-request options
     * @return a future of the result: every row, or one page when the options ask for it
     */
    default CompletableFuture<AsyncResultSet> execute(String cql, ExecuteOptions options) {
        String error = Arguments.checkCql(cql);
        return error != null ? Arguments.invalid(error) : execute(SimpleStatement.newInstance(cql), options);
    }

    /**
     * Executes a CQL string with positional values for its {@code ?} markers (sent unprepared; prepare
     * statements that run often).
     *
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @param values the values to bind, in order
     * @return a future of the result: every row, or one page when the options ask for it
     */
    default CompletableFuture<AsyncResultSet> execute(String cql, @Nullable Object... values) {
        String error = Arguments.checkCql(cql);
        if (error != null) {
            return Arguments.invalid(error);
        }
        return execute(SimpleStatement.newInstance(cql, values == null ? new Object[] {null} : values),
                ExecuteOptions.DEFAULT);
    }

    /**
     * Executes a CQL string with named values for its {@code :name} markers.
     *
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @param namedValues values by marker name
     * @return a future of the result: every row, or one page when the options ask for it
     */
    default CompletableFuture<AsyncResultSet> execute(String cql, Map<String, Object> namedValues) {
        String error = Arguments.checkCql(cql);
        if (error == null && namedValues == null) {
            error = "named values must not be null";
        }
        return error != null ? Arguments.invalid(error) : execute(SimpleStatement.newInstance(cql, namedValues),
                ExecuteOptions.DEFAULT);
    }

    /**
     * Executes any driver statement: simple, bound or batch.
     *
     * @param statement the statement to send
     * @return a future of the result: every row, or one page when the options ask for it
     */
    default CompletableFuture<AsyncResultSet> execute(Statement<?> statement) {
        return execute(statement, ExecuteOptions.DEFAULT);
    }

    /**
     * Binds positional values to a prepared statement (checking their number and types) and executes it.
     *
     * @param prepared a statement prepared by this session
     * @param values the values to bind, in order
     * @return a future of the result: every row, or one page when the options ask for it
     */
    default CompletableFuture<AsyncResultSet> execute(PreparedStatement prepared, @Nullable Object... values) {
        return bindThen(prepared, registry -> Binder.bind(prepared, values, registry), this::execute);
    }

    /**
     * Binds named values to a prepared statement (every name must be one of its variables) and executes it.
     *
     * @param prepared a statement prepared by this session
     * @param namedValues values by marker name
     * @return a future of the result: every row, or one page when the options ask for it
     */
    default CompletableFuture<AsyncResultSet> execute(PreparedStatement prepared, Map<String, Object> namedValues) {
        return bindThen(prepared, registry -> Binder.bind(prepared, namedValues, registry), this::execute);
    }

    /**
     * Executes a batch.
     *
     * @param batch the batch to send
     * @return a future of the result: every row, or one page when the options ask for it
     */
    default CompletableFuture<AsyncResultSet> executeBatch(BatchStatement batch) {
        return executeBatch(batch, ExecuteOptions.DEFAULT);
    }

    /**
     * Executes a batch with per-request options.
     *
     * @param batch the batch to send
     * @param options per-request options
     * @return a future of the result: every row, or one page when the options ask for it
     */
    default CompletableFuture<AsyncResultSet> executeBatch(BatchStatement batch, ExecuteOptions options) {
        if (batch == null) {
            return Arguments.invalid("batch must not be null");
        }
        if (batch.size() == 0) {
            return Arguments.invalid("batch must contain at least one statement");
        }
        return execute(batch, options);
    }

    /**
     * Streams the rows of a CQL string (see {@link #executeStream(Statement, StreamConfig)}).
     *
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @return a future of the stream, completed once the first page has arrived
     */
    default CompletableFuture<AsyncStreamingResultSet> executeStream(String cql) {
        return executeStream(cql, StreamConfig.DEFAULT);
    }

    /**
     * Streams the rows of a CQL string (see {@link #executeStream(Statement, StreamConfig)}).
     *
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @param config how the stream pages and reads ahead
     * @return a future of the stream, completed once the first page has arrived
     */
    default CompletableFuture<AsyncStreamingResultSet> executeStream(String cql, StreamConfig config) {
        String error = Arguments.checkCql(cql);
        return error != null ? Arguments.invalid(error) : executeStream(SimpleStatement.newInstance(cql), config);
    }

    /**
     * Streams the rows of a CQL string with positional values (see {@link #executeStream(Statement, StreamConfig)}).
     *
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @param config how the stream pages and reads ahead
     * @param values the values to bind, in order
     * @return a future of the stream, completed once the first page has arrived
     */
    default CompletableFuture<AsyncStreamingResultSet> executeStream(String cql, StreamConfig config, @Nullable Object... values) {
        String error = Arguments.checkCql(cql);
        return error != null ? Arguments.invalid(error)
                : executeStream(SimpleStatement.newInstance(cql, values == null ? new Object[] {null} : values), config);
    }

    /**
     * Streams the rows of a CQL string with named values (see {@link #executeStream(Statement, StreamConfig)}).
     *
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @param namedValues values by marker name
     * @param config how the stream pages and reads ahead
     * @return a future of the stream, completed once the first page has arrived
     */
    default CompletableFuture<AsyncStreamingResultSet> executeStream(String cql, Map<String, Object> namedValues,
            StreamConfig config) {
        String error = Arguments.checkCql(cql);
        if (error == null && namedValues == null) {
            error = "named values must not be null";
        }
        return error != null ? Arguments.invalid(error)
                : executeStream(SimpleStatement.newInstance(cql, namedValues), config);
    }

    /**
     * Streams the rows of a prepared statement bound to positional values (checked as in {@code execute}).
     *
     * @param prepared a statement prepared by this session
     * @param config how the stream pages and reads ahead
     * @param values the values to bind, in order
     * @return a future of the stream, completed once the first page has arrived
     */
    default CompletableFuture<AsyncStreamingResultSet> executeStream(PreparedStatement prepared, StreamConfig config,
            @Nullable Object... values) {
        return bindThen(prepared, registry -> Binder.bind(prepared, values, registry),
                bound -> executeStream(bound, config));
    }

    /**
     * Streams the rows of a prepared statement bound to named values (checked as in {@code execute}).
     *
     * @param prepared a statement prepared by this session
     * @param namedValues values by marker name
     * @param config how the stream pages and reads ahead
     * @return a future of the stream, completed once the first page has arrived
     */
    default CompletableFuture<AsyncStreamingResultSet> executeStream(PreparedStatement prepared,
            Map<String, Object> namedValues, StreamConfig config) {
        return bindThen(prepared, registry -> Binder.bind(prepared, namedValues, registry),
                bound -> executeStream(bound, config));
    }

    /**
     * Streams the rows of a statement with the default {@link StreamConfig}.
     *
     * @param statement the statement to send
     * @return a future of the stream, completed once the first page has arrived
     */
    default CompletableFuture<AsyncStreamingResultSet> executeStream(Statement<?> statement) {
        return executeStream(statement, StreamConfig.DEFAULT);
    }

    /**
     * Prepares a statement.
     *
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @return a future of the prepared statement
     */
    default CompletableFuture<PreparedStatement> prepare(String cql) {
        return prepare(cql, null, null);
    }

    /**
     * Switches the session to another keyspace ({@code USE}). Only letters, digits and {@code _} are
     * accepted, so the name can never carry CQL.
     *
     * @param keyspace name of the keyspace
     * @return a future completed once the session uses it
     */
    default CompletableFuture<Void> setKeyspace(String keyspace) {
        if (keyspace == null || !Pattern.matches("[A-Za-z0-9_]{1,48}", keyspace)) {
            return Arguments.invalid("Invalid keyspace name '" + keyspace + "': use 1 to 48 letters, digits or underscores");
        }
        return execute("USE " + keyspace).thenApply(ignored -> null);
    }

    /**
     * Closes the session and waits until it is closed (for try-with-resources). Asynchronous code calls
     * {@link #closeAsync()} instead.
     *
     * @throws IllegalStateException when called on a callback thread or a driver I/O thread, where waiting
     *     could deadlock; call {@link #closeAsync()} there instead
     */
    @Override
    default void close() {
        Threads.checkMayBlock("AsyncCassandraSession.close()");
        closeAsync().join();
    }

    /** Binds values to a prepared statement and runs it; bad values fail the future, never throw. */
    private <T> CompletableFuture<T> bindThen(PreparedStatement prepared,
            Function<CodecRegistry, BoundStatement> bind, Function<BoundStatement, CompletableFuture<T>> run) {
        if (prepared == null) {
            return Arguments.invalid("prepared statement must not be null");
        }
        BoundStatement bound;
        try {
            bound = bind.apply(getDriverSession().getContext().getCodecRegistry());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return run.apply(bound);
    }
}
