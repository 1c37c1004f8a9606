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
import org.jspecify.annotations.Nullable;

/**
 * Ties the session, cluster and connection monitor to the application context: the monitor checks every
 * node once, then starts its schedule, as the context starts; on close, the session closes once its
 * in-flight requests have finished, then the cluster.
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
    private static final Duration FIRST_CHECK_WAIT = Duration.ofSeconds(30);

    private final AsyncCluster cluster;
    private final AsyncCassandraSession session;
    private final ConnectionMonitor monitor;
    private final boolean startMonitor;
    private final boolean warmUp;
    private volatile boolean running;
    private volatile boolean stopRequested;
    private CompletableFuture<Void> closing;

    /**
     * @param cluster cluster to shut down after the session, or {@code null}
     * @param monitor monitor to stop, or {@code null}
     * @param startMonitor whether to start {@code monitor} with the context
     * @param warmUp whether start-up waits for a first check of every node (not when the session
     *     connects lazily: start-up must not wait for Cassandra then)
     * @param session the session
     */
    public AsyncCassandraLifecycle(@Nullable AsyncCluster cluster, AsyncCassandraSession session,
            @Nullable ConnectionMonitor monitor, boolean startMonitor, boolean warmUp) {
        this.cluster = cluster;
        this.session = session;
        this.monitor = monitor;
        this.startMonitor = startMonitor;
        this.warmUp = warmUp;
    }

    @Override
    public void start() {
        if (startMonitor && monitor != null && warmUp) {
            // A first check before traffic opens the pools, and health has a result from the start.
            try {
                monitor.warmupConnections().get(FIRST_CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("The first connection check did not finish: {}", e.toString());
            }
        }
        if (startMonitor && monitor != null) {
            monitor.start();
        }
        running = true;
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        stopRequested = true;
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

    /**
     * After a shutdown phase that timed out, closes by force what is still open. When the context never
     * started (a failed start-up), closes gracefully first, then by force if that takes too long.
     */
    @Override
    public void destroy() {
        boolean stopTimedOut = stopRequested && !closeGracefully().isDone();
        CompletableFuture<Void> closed = closeGracefully();
        if (!stopTimedOut && await(closed)) {
            return;
        }
        if (!closed.isDone()) {
            log.warn("Closing the Cassandra session by force: requests still in flight will fail");
            session.forceCloseAsync();
            await(closed);
        }
    }

    private static boolean await(CompletableFuture<Void> closing) {
        try {
            closing.get(FORCED_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            log.warn("The Cassandra session and cluster did not close cleanly", e.getCause());
            return true;
        } catch (TimeoutException e) {
            return false;
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
