package io.github.asynccassandra.internal;

import com.datastax.dse.driver.api.core.auth.ProxyAuthentication;
import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PagingState;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncResultSet;
import io.github.asynccassandra.ExecuteOptions;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.metrics.QueryKind;
import io.github.asynccassandra.metrics.StreamEvent;
import io.github.asynccassandra.streaming.AsyncStreamingResultSet;
import io.github.asynccassandra.streaming.StreamConfig;
import io.netty.util.concurrent.EventExecutor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine behind {@link AsyncCassandraSession}: sends each request through the cluster's
 * {@link RequestObserver} and completes the caller's future on the callback executor, with the caller's
 * context restored. Made by {@link io.github.asynccassandra.AsyncCluster}.
 */
public final class DefaultAsyncCassandraSession implements AsyncCassandraSession {

    private final CqlSession session;
    /** The driver session as handed out: with its CQL requests observed when observations are on. */
    private final CqlSession handedOut;
    private final MetricsMiddleware metrics;
    private final RequestObserver observer;
    private final ContextCapture context;
    private final Executor callbackExecutor;
    /** Whether a caller on a Netty event loop (not the driver's) gets its futures completed on that loop. */
    private final boolean completeOnCallerEventLoop;
    private final AtomicReference<CompletableFuture<Void>> closeFuture = new AtomicReference<>();
    private final Runnable onClose;
    private final Duration ddlTimeout;

    public DefaultAsyncCassandraSession(CqlSession session, MetricsMiddleware metrics, RequestObserver observer,
            ContextCapture context, Executor callbackExecutor, boolean completeOnCallerEventLoop, Duration ddlTimeout,
            Runnable onClose) {
        this.session = Objects.requireNonNull(session, "session");
        this.metrics = metrics;
        this.observer = Objects.requireNonNull(observer, "observer");
        this.handedOut = ObservedCqlSession.wrap(session, observer);
        this.context = Objects.requireNonNull(context, "context");
        this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
        this.completeOnCallerEventLoop = completeOnCallerEventLoop;
        this.ddlTimeout = Objects.requireNonNull(ddlTimeout, "ddlTimeout");
        this.onClose = onClose;
    }

    /**
     * Executes a statement with per-request options. Returns every row of the result, fetching the
     * remaining pages asynchronously, unless the options ask for a single page.
     */
    @Override
    public CompletableFuture<AsyncResultSet> execute(Statement<?> statement, ExecuteOptions options) {
        CompletableFuture<AsyncResultSet> refused = refuse(statement, options, "options");
        if (refused != null) {
            return refused;
        }
        QueryKind kind = Statements.kindOf(statement);
        Statement<?> effective;
        try {
            effective = applyOptions(statement, kind, options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(Completion.publicError(e));
        }
        EventExecutor loop = callerLoop();
        Sent sent = new Sent(effective, kind, context.capture(), observer.currentObservation(), loop);
        CompletableFuture<AsyncResultSet> result = EventLoops.newFuture(loop);
        observer.send(session, effective, sent.parentObservation()).whenComplete((page, error) -> {
            try {
                if (error != null) {
                    finish(result, sent, null, error);
                } else {
                    // The driver answers wasApplied() only before the rows are consumed.
                    boolean applied = page.wasApplied();
                    if (options.singlePage() || !page.hasMorePages()) {
                        List<Row> rows = new ArrayList<>(page.remaining());
                        page.currentPage().forEach(rows::add);
                        finish(result, sent, AsyncResultSet.of(rows,
                                page.getColumnDefinitions(), page.getExecutionInfo(), applied,
                                options.singlePage()), null);
                    } else {
                        collectRemaining(page, new ArrayList<>(page.remaining() * 2), result, sent, applied);
                    }
                }
            } catch (Throwable unexpected) {
                // Whatever happens in here, the caller's future must complete.
                failUnexpectedly(result, sent, unexpected);
            }
        });
        return result;
    }

    /**
     * Runs a query and returns its rows as a back-pressured stream: a page of {@code fetchSize} rows is
     * fetched only when the consumer needs it, so memory stays bounded by the page size. The future
     * completes once the first page has arrived (or fails as {@code execute} does). Always close the
     * stream, or consume it to the end.
     */
    @Override
    public CompletableFuture<AsyncStreamingResultSet> executeStream(Statement<?> statement, StreamConfig config) {
        CompletableFuture<AsyncStreamingResultSet> refused = refuse(statement, config, "stream config");
        if (refused != null) {
            return refused;
        }
        // The same options, applied by the same code, as execute; then the stream's page size and timeout.
        QueryKind kind = Statements.kindOf(statement);
        Statement<?> effective;
        try {
            effective = applyOptions(statement, kind, config.options())
                    .setPageSize(config.fetchSize());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(Completion.publicError(e));
        }
        if (config.timeout() != null) {
            effective = effective.setTimeout(config.timeout());
        }
        // Streams stay on the callback threads: their pages are handed on there, with back-pressure.
        Sent sent = new Sent(effective, kind, context.capture(), observer.currentObservation(), null);
        CompletableFuture<AsyncStreamingResultSet> result = new CompletableFuture<>();
        // The stream is built off the I/O thread: building it calls the user's pageCallback for page 1.
        observer.send(session, effective, sent.parentObservation()).whenComplete((page, error) ->
                Completion.runOn(callbackExecutor, context.wrap(sent.context(), () -> {
            try {
                if (error != null) {
                    result.completeExceptionally(Completion.publicError(error));
                } else {
                    StreamingResultSet stream = new StreamingResultSet(page, config, callbackExecutor,
                            pageObserver(sent));
                    if (metrics != null) {
                        metrics.recordStream(new StreamEvent(StreamEvent.Type.OPENED, sent.kind(), 1,
                                page.remaining()));
                    }
                    result.complete(stream);
                }
            } catch (Throwable unexpected) {
                result.completeExceptionally(Completion.publicError(unexpected));
            }
        })));
        return result;
    }

    private StreamingResultSet.PageObserver pageObserver(Sent statement) {
        return new StreamingResultSet.PageObserver() {
            @Override
            public CompletionStage<com.datastax.oss.driver.api.core.cql.AsyncResultSet> fetchNextPage(
                    com.datastax.oss.driver.api.core.cql.AsyncResultSet page) {
                return observer.fetchNextPage(session, page, statement.parentObservation());
            }

            @Override
            public void onEnd(boolean cancelled, int pages, long rows) {
                if (metrics != null) {
                    metrics.recordStream(new StreamEvent(cancelled ? StreamEvent.Type.CANCELLED
                            : StreamEvent.Type.CLOSED, statement.kind(), pages, rows));
                }
            }
        };
    }

    /**
     * Prepares a statement with a custom payload and a timeout.
     *
     * @param customPayload sent with the PREPARE request, or {@code null}
     * @param timeout of the PREPARE request, or {@code null} for the profile's
     */
    @Override
    public CompletableFuture<PreparedStatement> prepare(String cql, Map<String, ByteBuffer> customPayload,
            Duration timeout) {
        String error = Arguments.checkCql(cql);
        if (error != null) {
            return Arguments.invalid(error);
        }
        SimpleStatement statement = SimpleStatement.newInstance(cql);
        if (customPayload != null) {
            statement = statement.setCustomPayload(customPayload);
        }
        if (timeout != null) {
            try {
                statement = statement.setTimeout(Arguments.requirePositive("timeout", timeout));
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return prepare(statement);
    }

    private CompletableFuture<PreparedStatement> prepare(SimpleStatement statement) {
        CompletableFuture<PreparedStatement> closed = failIfClosed();
        if (closed != null) {
            return closed;
        }
        Object captured = context.capture();
        EventExecutor loop = callerLoop();
        CompletableFuture<PreparedStatement> result = EventLoops.newFuture(loop);
        observer.prepare(session, statement).whenComplete((ps, error) -> {
            Throwable publicError = error == null ? null : Completion.publicError(error);
            completeOn(loop, context.wrap(captured, error == null ? () -> result.complete(ps)
                    : () -> result.completeExceptionally(publicError)));
        });
        return result;
    }

    /** The session's current keyspace, or {@code null} when none is set. */
    @Override
    public String getKeyspace() {
        return session.getKeyspace().map(CqlIdentifier::asInternal).orElse(null);
    }

    /**
     * The underlying driver session, for what this API does not cover, and for other libraries (Spring
     * Data) to share. Its requests are measured like this API's; when the cluster has an observation
     * registry, its {@code execute}, {@code executeAsync} and {@code prepare} calls are observed too.
     */
    @Override
    public CqlSession getDriverSession() {
        return handedOut;
    }

    /** The metrics middleware requests are reported to, or {@code null}. */
    @Override
    public MetricsMiddleware getMetrics() {
        return metrics;
    }

    /**
     * Closes the session once its in-flight requests have finished. Idempotent: every call returns the
     * same future. Requests made afterwards fail with {@code ConnectionException("Session is closed")}.
     */
    @Override
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> created = new CompletableFuture<>();
        if (!closeFuture.compareAndSet(null, created)) {
            return closeFuture.get();
        }
        session.closeAsync().whenComplete((ignored, error) -> {
            onClose.run();
            Completion.complete(created, null, error == null ? null : Completion.unwrap(error), callbackExecutor);
        });
        return created;
    }

    /**
     * Closes the session now, failing its in-flight requests, for when a graceful {@link #closeAsync()}
     * takes too long. Returns the same future as {@code closeAsync()}.
     */
    @Override
    public CompletableFuture<Void> forceCloseAsync() {
        CompletableFuture<Void> closing = closeAsync();
        // The driver shares one close future between its graceful and forced close.
        session.forceCloseAsync();
        return closing;
    }

    /** Whether {@link #closeAsync()} or {@link #close()} has been called. */
    @Override
    public boolean isClosed() {
        return closeFuture.get() != null;
    }

    /** A failed future when the arguments are missing or the session is closed; {@code null} to go on. */
    private <T> CompletableFuture<T> refuse(Statement<?> statement, Object settings, String settingsName) {
        if (statement == null) {
            return Arguments.invalid("statement must not be null");
        }
        if (settings == null) {
            return Arguments.invalid(settingsName + " must not be null");
        }
        return failIfClosed();
    }

    private <T> CompletableFuture<T> failIfClosed() {
        return isClosed() ? CompletableFuture.failedFuture(new ConnectionException("Session is closed")) : null;
    }

    private Statement<?> applyOptions(Statement<?> statement, QueryKind kind, ExecuteOptions options) {
        Statement<?> result = statement;
        if (options.timeout() == null && statement.getTimeout() == null && kind == QueryKind.DDL) {
            result = result.setTimeout(ddlTimeout);
        }
        if (options == ExecuteOptions.DEFAULT) {
            return result;
        }
        if (options.trace()) {
            result = result.setTracing(true);
        }
        if (options.customPayload() != null) {
            result = result.setCustomPayload(options.customPayload());
        }
        if (options.timeout() != null) {
            result = result.setTimeout(options.timeout());
        }
        if (options.executionProfile() != null) {
            result = result.setExecutionProfileName(options.executionProfile());
        }
        if (options.pageSize() > 0) {
            result = result.setPageSize(options.pageSize());
        }
        if (options.pagingState() != null) {
            result = result.setPagingState(options.pagingState());
        }
        if (options.pagingStateToken() != null) {
            PagingState state;
            try {
                state = PagingState.fromString(options.pagingStateToken());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Invalid paging state token", e);
            }
            result = result.setPagingState(state, session);
        }
        if (options.node() != null) {
            result = result.setNode(options.node());
        }
        if (options.executeAs() != null) {
            result = executeAs(options.executeAs(), result);
        }
        return result;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Statement<?> executeAs(String role, Statement<?> statement) {
        return ProxyAuthentication.executeAs(role, (Statement) statement);
    }

    private void collectRemaining(com.datastax.oss.driver.api.core.cql.AsyncResultSet page, List<Row> rows,
            CompletableFuture<AsyncResultSet> result, Sent sent, boolean applied) {
        page.currentPage().forEach(rows::add);
        if (!page.hasMorePages()) {
            finish(result, sent, AsyncResultSet.of(rows,
                    page.getColumnDefinitions(), page.getExecutionInfo(), applied, false), null);
            return;
        }
        if (isClosed()) {
            finish(result, sent, null, new ConnectionException("Session is closed"));
            return;
        }
        observer.fetchNextPage(session, page, sent.parentObservation()).whenComplete((next, error) -> {
            try {
                if (error != null) {
                    finish(result, sent, null, error);
                } else {
                    collectRemaining(next, rows, result, sent, applied);
                }
            } catch (Throwable unexpected) {
                failUnexpectedly(result, sent, unexpected);
            }
        });
    }

    private void failUnexpectedly(CompletableFuture<AsyncResultSet> result, Sent sent, Throwable unexpected) {
        if (!result.isDone()) {
            try {
                finish(result, sent, null, unexpected);
            } catch (Throwable alsoFailed) {
                result.completeExceptionally(Completion.publicError(unexpected));
            }
        }
    }

    /**
     * Completes the caller's future on the callback executor, or on the caller's event loop, with the
     * caller's context restored.
     */
    private void finish(CompletableFuture<AsyncResultSet> result, Sent sent, AsyncResultSet value, Throwable error) {
        Throwable publicError = error == null ? null : closedOrPublic(error);
        completeOn(sent.loop(), context.wrap(sent.context(), publicError == null
                ? () -> result.complete(value) : () -> result.completeExceptionally(publicError)));
    }

    /**
     * The error a caller sees. A request that passed the closed check just as the session began to close reaches
     * the driver with its pools closing, and no node takes it: it was not sent, because the session closed, and
     * fails as every request made after the close does (seen under load: {@code ShutdownUnderLoadIT}).
     */
    private Throwable closedOrPublic(Throwable error) {
        Throwable cause = Completion.unwrap(error);
        if (cause instanceof AllNodesFailedException && isClosed()) {
            return new ConnectionException("Session is closed: no node took the request (" + cause.getMessage()
                    + ")", cause);
        }
        return Completion.publicError(error);
    }

    /** Runs a completion on the caller's event loop, or on the callback executor when there is none. */
    private void completeOn(EventExecutor loop, Runnable completion) {
        if (loop == null) {
            Completion.runOn(callbackExecutor, completion);
        } else {
            EventLoops.complete(loop, callbackExecutor, completion);
        }
    }

    /** The caller's event loop to complete on, when the cluster says so and the caller runs on one. */
    private EventExecutor callerLoop() {
        return completeOnCallerEventLoop ? EventLoops.callerLoop() : null;
    }

    /**
     * A request as sent: its kind derived once, the caller's context to restore around its completion,
     * the observation that parents its requests (each page is one), all {@code null} when off, and the
     * caller's event loop to complete on, {@code null} for the callback executor.
     */
    private record Sent(Statement<?> statement, QueryKind kind, Object context, Object parentObservation,
            EventExecutor loop) {
    }
}
