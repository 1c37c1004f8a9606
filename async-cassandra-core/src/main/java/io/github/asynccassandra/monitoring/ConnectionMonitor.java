package io.github.asynccassandra.monitoring;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.internal.Arguments;
import io.github.asynccassandra.internal.Completion;
import io.github.asynccassandra.internal.DriverInternals;
import io.github.asynccassandra.internal.LazyAsyncCassandraSession;
import io.github.asynccassandra.internal.Nodes;
import io.github.asynccassandra.internal.RequestObserver;
import io.github.asynccassandra.metrics.ConnectionMetrics;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Checks every node of a session's cluster at a fixed interval: the driver's view of it (state,
 * open connections, requests in flight) and a probe query sent <em>to that node</em>
 * ({@code SELECT release_version FROM system.local}), with its latency or error.
 *
 * <p>Listeners and callbacks run on the monitor's own thread, never on a driver I/O thread, one after
 * another: one that throws anything, an {@link Error} included, is logged and the others still run; one
 * that is slow delays only the next check. What the monitor keeps per node is dropped when the driver no
 * longer lists the node (decommissioned, replaced), and the metrics are told
 * ({@link MetricsMiddleware#recordNodeRemoved}), so nothing grows with node churn.
 *
 * <p>It never floods a sick cluster: one probe per node per interval, each with a timeout, and none
 * while the previous probe of that node is still running. Results go to {@linkplain #addListener
 * listeners} (when a node changes state), {@linkplain #addCallback callbacks} (every check), the log
 * (a warning naming unhealthy nodes) and the session's {@link MetricsMiddleware} as
 * {@link ConnectionMetrics}.
 *
 * <pre>{@code
 * try (ConnectionMonitor monitor = new ConnectionMonitor(session, Duration.ofSeconds(10))) {
 *     monitor.addListener((host, previous) -> log.info("{} is now {}", host.address(), host.state()));
 *     monitor.start();
 *     ...
 * }
 * }</pre>
 */
public final class ConnectionMonitor implements AutoCloseable {

    /** Longest a probe may take when no timeout is given (shorter when the interval is). */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final String PROBE_CQL = RequestObserver.MONITOR_PROBE_CQL;
    private static final Logger log = LoggerFactory.getLogger(ConnectionMonitor.class);
    private static final AtomicInteger MONITOR_COUNT = new AtomicInteger();

    private final AsyncCassandraSession session;
    private final Duration interval;
    private final Duration probeTimeout;
    private final ScheduledExecutorService scheduler;
    private final Map<Node, NodeTracker> trackers = new ConcurrentHashMap<>();
    private final List<HostStateListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ClusterHealth>> callbacks = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile ScheduledFuture<?> schedule;
    private volatile ClusterHealth lastHealth;

    /**
     * A monitor probing every {@code interval}, each probe timing out after min(interval, 5 s).
     *
     * @param session the session
     * @param interval the interval
     */
    public ConnectionMonitor(AsyncCassandraSession session, Duration interval) {
        this(session, interval, interval.compareTo(DEFAULT_PROBE_TIMEOUT) < 0 ? interval : DEFAULT_PROBE_TIMEOUT);
    }

    /**
     * A monitor of {@code session}'s nodes; it checks nothing until {@link #start()}.
     *
     * @param session the session whose nodes to check
     * @param interval time between two checks of every node
     * @param probeTimeout longest a probe may take before its node counts as down
     */
    public ConnectionMonitor(AsyncCassandraSession session, Duration interval, Duration probeTimeout) {
        this.session = Objects.requireNonNull(session, "session");
        this.interval = Arguments.requirePositive("interval", interval);
        this.probeTimeout = Arguments.requirePositive("probeTimeout", probeTimeout);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "async-cassandra-monitor-" + MONITOR_COUNT.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** {@return the session whose nodes this monitor checks} */
    public AsyncCassandraSession getSession() {
        return session;
    }

    /**
     * Starts checking now and then every interval. Idempotent.
     *
     * @return this monitor
     */
    public ConnectionMonitor start() {
        if (closed) {
            throw new IllegalStateException("ConnectionMonitor is closed");
        }
        if (started.compareAndSet(false, true)) {
            schedule = scheduler.scheduleWithFixedDelay(this::scheduledCheck, 0, interval.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        return this;
    }

    private void scheduledCheck() {
        try {
            checkNow();
        } catch (Throwable e) {
            // A failed check must not cancel the schedule.
            log.warn("Connection check failed", e);
        }
    }

    /** Stops checking and releases the monitor's thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
        scheduler.shutdownNow();
    }

    /** Same as {@link #close()}. */
    public void stop() {
        close();
    }

    /** {@return whether checks are scheduled: started and not closed} */
    public boolean isRunning() {
        return started.get() && !closed;
    }

    /**
     * Listens for nodes changing state (UP, DOWN) between checks.
     *
     * @param listener called when a node goes UP or DOWN
     * @return this monitor
     */
    public ConnectionMonitor addListener(HostStateListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Called with the result of every check.
     *
     * @param callback the callback
     * @return called with the result of every check
     */
    public ConnectionMonitor addCallback(Consumer<ClusterHealth> callback) {
        callbacks.add(Objects.requireNonNull(callback, "callback"));
        return this;
    }

    /** {@return the latest check's result, or {@code null} before the first} */
    public @Nullable ClusterHealth getLastHealth() {
        return lastHealth;
    }

    /**
     * Probes every node once now (skipping nodes whose previous probe is still running).
     *
     * @return a future of the check's result
     */
    public CompletableFuture<ClusterHealth> checkNow() {
        if (closed || session.isClosed()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    closed ? "ConnectionMonitor is closed" : "Session is closed"));
        }
        if (session instanceof LazyAsyncCassandraSession lazy && !lazy.isConnected()) {
            // A session that connects on first use: this check is a use. Never blocks on the connect.
            return lazy.connection().thenCompose(connected -> checkNow());
        }
        CqlSession driver = session.getDriverSession();
        Collection<Node> nodes = driver.getMetadata().getNodes().values();
        forgetRemovedNodes(nodes);
        List<CompletableFuture<HostHealth>> probes = new ArrayList<>(nodes.size());
        List<NodeTracker> checked = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            NodeTracker tracker = trackers.computeIfAbsent(node, n -> new NodeTracker());
            checked.add(tracker);
            probes.add(probe(driver, node, tracker));
        }
        CompletableFuture<ClusterHealth> result = new CompletableFuture<>();
        // Listeners and callbacks run on the monitor's thread, never on a driver I/O thread.
        CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).whenCompleteAsync((ignored, error) -> {
            try {
                List<HostHealth> hosts = probes.stream().map(CompletableFuture::join).toList();
                ClusterHealth health = new ClusterHealth(driver.getMetadata().getClusterName().orElse(null),
                        driver.getContext().getProtocolVersion().name(), hosts, Instant.now());
                lastHealth = health;
                report(health, checked);
                result.complete(health);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, this::runOnMonitorThread);
        return result;
    }

    /**
     * Drops what is kept for nodes the driver no longer lists (decommissioned, replaced, removed), and
     * tells the metrics, so that the monitor's state and the per-node meters follow the cluster's size.
     */
    private void forgetRemovedNodes(Collection<Node> current) {
        if (trackers.size() <= current.size() && current.containsAll(trackers.keySet())) {
            return;
        }
        MetricsMiddleware metrics = session.getMetrics();
        trackers.entrySet().removeIf(entry -> {
            if (current.contains(entry.getKey())) {
                return false;
            }
            HostHealth last = entry.getValue().last;
            String address = last != null ? last.address() : String.valueOf(entry.getKey().getEndPoint());
            log.info("Node {} has left the cluster: its monitor state and meters are removed", address);
            if (metrics != null && last != null) {
                metrics.recordNodeRemoved(last.address());
            }
            return true;
        });
    }

    /** Nodes whose state the monitor keeps: those of the cluster now. */
    int trackedNodes() {
        return trackers.size();
    }

    private void runOnMonitorThread(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: finish the check here so its future still completes.
            task.run();
        }
    }

    /**
     * Sends one probe to every node, which opens the driver's connection pools before traffic
     * arrives (the seed's {@code warmup_connections}).
     *
     * @return a future completed once every probe has ended
     */
    public CompletableFuture<Void> warmupConnections() {
        return checkNow().thenApply(health -> null);
    }

    /** {@return nodes, connections and requests in flight, from the driver, now} */
    public ConnectionSummary getConnectionSummary() {
        CqlSession driver = session.getDriverSession();
        int up = 0;
        int down = 0;
        int connections = 0;
        int inFlight = 0;
        Collection<Node> nodes = driver.getMetadata().getNodes().values();
        for (Node node : nodes) {
            if (node.getState() == NodeState.UP) {
                up++;
            } else if (node.getState() == NodeState.DOWN || node.getState() == NodeState.FORCED_DOWN) {
                down++;
            }
            connections += node.getOpenConnections();
            inFlight += Math.max(0, DriverInternals.inFlight(driver, node));
        }
        return new ConnectionSummary(nodes.size(), up, down, connections, inFlight,
                driver.getContext().getProtocolVersion().name());
    }

    private CompletableFuture<HostHealth> probe(CqlSession driver, Node node, NodeTracker tracker) {
        if (!tracker.probing.compareAndSet(false, true)) {
            // The previous probe is still out: report what is known rather than send another.
            HostHealth last = tracker.last;
            return CompletableFuture.completedFuture(last != null ? last : describe(driver, node, HostState.UNKNOWN,
                    null, "previous probe still running", null, null));
        }
        long started = System.nanoTime();
        SimpleStatement statement = SimpleStatement.newInstance(PROBE_CQL).setNode(node).setTimeout(probeTimeout)
                .setIdempotent(true);
        CompletableFuture<HostHealth> result = new CompletableFuture<>();
        CompletableFuture<com.datastax.oss.driver.api.core.cql.AsyncResultSet> sent;
        try {
            sent = driver.executeAsync(statement).toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((rs, error) -> {
            HostHealth health;
            try {
                Instant now = Instant.now();
                tracker.probes.incrementAndGet();
                if (error == null) {
                    com.datastax.oss.driver.api.core.cql.Row row = rs.one();
                    String version = row == null ? null : row.getString(0);
                    health = describe(driver, node, HostState.UP, Duration.ofNanos(System.nanoTime() - started), null,
                            now, version);
                } else {
                    tracker.failures.incrementAndGet();
                    Throwable cause = Completion.unwrap(error);
                    HostHealth previous = tracker.last;
                    health = describe(driver, node, HostState.DOWN, null,
                            cause.getClass().getSimpleName() + ": " + cause.getMessage(), now,
                            previous == null ? null : previous.cassandraVersion());
                }
            } catch (Throwable t) {
                // Never call back into the driver here: whatever happens, the probe's future must complete.
                health = new HostHealth(String.valueOf(node.getEndPoint()), node.getDatacenter(), node.getRack(),
                        HostState.DOWN, String.valueOf(node.getState()), null, t.toString(), Instant.now(), null,
                        0, -1);
            }
            tracker.last = health;
            tracker.probing.set(false);
            result.complete(health);
        });
        return result;
    }

    private HostHealth describe(CqlSession driver, Node node, HostState state, Duration latency, String error,
            Instant checked, String version) {
        String text = Nodes.name(node);
        if (version == null && node.getCassandraVersion() != null) {
            version = node.getCassandraVersion().toString();
        }
        return new HostHealth(text, node.getDatacenter(), node.getRack(), state, node.getState().name(), latency,
                error, checked, version, node.getOpenConnections(), DriverInternals.inFlight(driver, node));
    }

    private void report(ClusterHealth health, List<NodeTracker> checked) {
        List<String> unhealthy = new ArrayList<>();
        MetricsMiddleware metrics = session.getMetrics();
        for (int i = 0; i < checked.size(); i++) {
            NodeTracker tracker = checked.get(i);
            HostHealth host = health.hosts().get(i);
            HostState previous = tracker.reportedState;
            tracker.reportedState = host.state();
            if (host.state() != previous && host.state() != HostState.UNKNOWN) {
                for (HostStateListener listener : listeners) {
                    try {
                        listener.onStateChange(host, previous);
                    } catch (Throwable e) {
                        // An Error too: the other listeners and callbacks still run.
                        log.warn("Host state listener threw", e);
                    }
                }
            }
            if (host.state() == HostState.DOWN) {
                unhealthy.add(host.address() + " (" + host.lastError() + ")");
            }
            if (metrics != null && host.lastCheck() != null) {
                metrics.recordConnection(new ConnectionMetrics(host.address(), host.isHealthy(), host.lastCheck(),
                        host.probeLatency(), tracker.failures.get(), tracker.probes.get()));
            }
        }
        if (!unhealthy.isEmpty()) {
            log.warn("Unhealthy Cassandra nodes: {}", unhealthy);
        }
        for (Consumer<ClusterHealth> callback : callbacks) {
            try {
                callback.accept(health);
            } catch (Throwable e) {
                log.warn("Connection monitor callback threw", e);
            }
        }
    }

    private static final class NodeTracker {
        final AtomicBoolean probing = new AtomicBoolean();
        final AtomicLong probes = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        volatile HostHealth last;
        volatile HostState reportedState = HostState.UNKNOWN;
    }
}
