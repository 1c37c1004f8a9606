package io.github.asynccassandra.spring.boot.autoconfigure;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.monitoring.ConnectionMonitor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Ties the session, cluster and connection monitor to the application context: the monitor starts with
 * the context; on close, the session closes once its in-flight requests have finished, then the cluster.
 *
 * <p>Its phase comes after the web server's, so the server stops taking requests first. Spring waits
 * for it up to {@code spring.lifecycle.timeout-per-shutdown-phase}; whatever is still open when the
 * context destroys its beans is then closed by force, failing the requests still in flight.
 */
public final class AsyncCassandraLifecycle implements SmartLifecycle, DisposableBean {

    /** Stops after the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and the server itself. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(AsyncCassandraLifecycle.class);
    private static final Duration FORCED_CLOSE_WAIT = Duration.ofSeconds(10);

    private final AsyncCluster cluster;
    private final AsyncCassandraSession session;
    private final ConnectionMonitor monitor;
    private final boolean startMonitor;
    private volatile boolean running;
    private CompletableFuture<Void> closing;

    /**
     * @param cluster cluster to shut down after the session, or {@code null}
     * @param monitor monitor to stop, or {@code null}
     * @param startMonitor whether to start {@code monitor} with the context
     */
    public AsyncCassandraLifecycle(AsyncCluster cluster, AsyncCassandraSession session, ConnectionMonitor monitor,
            boolean startMonitor) {
        this.cluster = cluster;
        this.session = session;
        this.monitor = monitor;
        this.startMonitor = startMonitor;
    }

    @Override
    public void start() {
        if (startMonitor && monitor != null) {
            monitor.start();
        }
        running = true;
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        closeGracefully().whenComplete((ignored, error) -> callback.run());
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Closes by force what the graceful close has not closed yet, and waits a little for it. */
    @Override
    public void destroy() {
        CompletableFuture<Void> graceful = closeGracefully();
        if (!graceful.isDone()) {
            log.warn("Closing the Cassandra session by force: requests still in flight will fail");
            session.forceCloseAsync();
        }
        try {
            graceful.get(FORCED_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("The Cassandra session and cluster did not close cleanly", e);
        }
    }

    private synchronized CompletableFuture<Void> closeGracefully() {
        if (closing == null) {
            if (monitor != null) {
                monitor.close();
            }
            CompletableFuture<Void> sessionClosed = session.closeAsync().handle((ignored, error) -> {
                if (error != null) {
                    log.warn("The Cassandra session failed to close", error);
                }
                return null;
            });
            closing = cluster == null ? sessionClosed : sessionClosed.thenCompose(ignored -> cluster.shutdown());
        }
        return closing;
    }
}
