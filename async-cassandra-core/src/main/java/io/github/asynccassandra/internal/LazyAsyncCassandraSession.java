package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncResultSet;
import io.github.asynccassandra.ExecuteOptions;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.streaming.AsyncStreamingResultSet;
import io.github.asynccassandra.streaming.StreamConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A session that connects on first use, as Spring Boot's own {@code CqlSession} does: the application
 * starts whether or not Cassandra is reachable. The first request (or health check) starts the connect;
 * requests wait for it; a failed connect fails the requests that waited for it, and the next request
 * tries again. Once connected, every call goes straight to the connected session.
 */
public final class LazyAsyncCassandraSession implements AsyncCassandraSession {

    private final Supplier<CompletableFuture<AsyncCassandraSession>> connector;
    private final @Nullable String keyspace;
    private final @Nullable MetricsMiddleware metrics;
    private final Duration connectTimeout;
    /** The connect under way, or {@code null}; guarded by {@code this}. */
    private @Nullable CompletableFuture<AsyncCassandraSession> connecting;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile @Nullable AsyncCassandraSession connected;
    private volatile @Nullable Throwable lastFailure;
    private volatile boolean closing;

    /**
     * @param connector starts one connect attempt (the cluster's {@code connect}); called again after a failure
     * @param keyspace the keyspace the session will use, or {@code null}
     * @param metrics the cluster's metrics, or {@code null}
     * @param connectTimeout how long {@link #getDriverSession()} waits for a connect
     */
    public LazyAsyncCassandraSession(Supplier<CompletableFuture<AsyncCassandraSession>> connector,
            @Nullable String keyspace, @Nullable MetricsMiddleware metrics, Duration connectTimeout) {
        this.connector = connector;
        this.keyspace = keyspace;
        this.metrics = metrics;
        this.connectTimeout = connectTimeout;
    }

    /** Whether a connect has succeeded (and the session is not closed). */
    public boolean isConnected() {
        AsyncCassandraSession session = connected;
        return session != null && !session.isClosed();
    }

    /** Why the last connect failed, or {@code null} when none has. */
    public @Nullable Throwable lastFailure() {
        return lastFailure;
    }

    /** The connected session: at once when connected, else when the connect under way (or started now) ends. */
    public CompletableFuture<AsyncCassandraSession> connection() {
        AsyncCassandraSession session = connected;
        if (session != null) {
            return CompletableFuture.completedFuture(session);
        }
        CompletableFuture<AsyncCassandraSession> next;
        synchronized (this) {
            if (closing) {
                return CompletableFuture.failedFuture(new ConnectionException("Session is closed"));
            }
            if (connected != null) {
                return CompletableFuture.completedFuture(connected);
            }
            if (connecting != null) {
                return connecting;
            }
            next = new CompletableFuture<>();
            connecting = next;
        }
        start(next);
        return next;
    }

    private void start(CompletableFuture<AsyncCassandraSession> next) {
        CompletableFuture<AsyncCassandraSession> attempt;
        try {
            attempt = connector.get();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenComplete((session, error) -> {
            boolean closedMeanwhile;
            // Decided under the lock that close() takes, so that a session is either kept or closed.
            synchronized (this) {
                closedMeanwhile = closing;
                connecting = null;
                if (error == null && !closedMeanwhile) {
                    connected = session;
                    lastFailure = null;
                } else if (error != null) {
                    lastFailure = Completion.unwrap(error);
                }
            }
            if (error != null) {
                next.completeExceptionally(Completion.unwrap(error));
                if (closedMeanwhile) {
                    closed.complete(null);
                }
            } else if (closedMeanwhile) {
                // Closed while connecting: the session must not outlive this one.
                session.closeAsync().whenComplete((ignored, closeError) -> closed.complete(null));
                next.completeExceptionally(new ConnectionException("Session is closed"));
            } else {
                next.complete(session);
            }
        });
    }

    private <T> CompletableFuture<T> onSession(Function<AsyncCassandraSession, CompletableFuture<T>> call) {
        AsyncCassandraSession session = connected;
        if (session != null) {
            return call.apply(session);
        }
        return connection().thenCompose(call);
    }

    @Override
    public CompletableFuture<AsyncResultSet> execute(Statement<?> statement, ExecuteOptions options) {
        return onSession(session -> session.execute(statement, options));
    }

    @Override
    public CompletableFuture<AsyncStreamingResultSet> executeStream(Statement<?> statement, StreamConfig config) {
        return onSession(session -> session.executeStream(statement, config));
    }

    @Override
    public CompletableFuture<PreparedStatement> prepare(String cql, @Nullable Map<String, ByteBuffer> customPayload,
            @Nullable Duration timeout) {
        return onSession(session -> session.prepare(cql, customPayload, timeout));
    }

    @Override
    public @Nullable String getKeyspace() {
        AsyncCassandraSession session = connected;
        return session != null ? session.getKeyspace() : keyspace;
    }

    /**
     * The driver session, connecting first if need be: waits up to the connect timeout.
     *
     * @throws IllegalStateException on a thread that must not block (a driver I/O or callback thread)
     * @throws ConnectionException when the connect fails or times out
     */
    @Override
    public CqlSession getDriverSession() {
        AsyncCassandraSession session = connected;
        if (session != null) {
            return session.getDriverSession();
        }
        Threads.checkMayBlock("AsyncCassandraSession.getDriverSession() before the first connect");
        try {
            return connection().get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS).getDriverSession();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = Completion.unwrap(e);
            throw cause instanceof RuntimeException runtime ? runtime
                    : new ConnectionException("Could not connect: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new ConnectionException("Could not connect within " + connectTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("Interrupted while connecting", e);
        }
    }

    /**
     * The driver session as a bean for others (Spring Data) that may be created before Cassandra is
     * reachable: each call goes to {@link #getDriverSession()}, so the first call connects.
     */
    public CqlSession driverSessionOnFirstUse() {
        return (CqlSession) Proxy.newProxyInstance(CqlSession.class.getClassLoader(), new Class<?>[] {CqlSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "CqlSession of " + this;
                    default -> {
                        try {
                            yield method.invoke(getDriverSession(), args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }

    @Override
    public @Nullable MetricsMiddleware getMetrics() {
        return metrics;
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        return close(AsyncCassandraSession::closeAsync);
    }

    @Override
    public CompletableFuture<Void> forceCloseAsync() {
        return close(AsyncCassandraSession::forceCloseAsync);
    }

    private CompletableFuture<Void> close(Function<AsyncCassandraSession, CompletableFuture<Void>> how) {
        AsyncCassandraSession session;
        boolean attemptRunning;
        synchronized (this) {
            closing = true;
            session = connected;
            attemptRunning = connecting != null;
        }
        if (session != null) {
            how.apply(session).whenComplete((ignored, error) -> closed.complete(null));
        } else if (!attemptRunning) {
            closed.complete(null);
        }
        // else: the connect under way closes its session, or fails, and then completes this future.
        return closed;
    }

    @Override
    public boolean isClosed() {
        AsyncCassandraSession session = connected;
        return closing || (session != null && session.isClosed());
    }

    @Override
    public String toString() {
        AsyncCassandraSession session = connected;
        return session != null ? session.toString() : "AsyncCassandraSession (not connected yet)";
    }
}
