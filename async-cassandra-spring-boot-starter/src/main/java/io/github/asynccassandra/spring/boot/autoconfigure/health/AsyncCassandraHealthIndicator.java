package io.github.asynccassandra.spring.boot.autoconfigure.health;

import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import com.datastax.oss.driver.api.core.metadata.Node;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.monitoring.ClusterHealth;
import io.github.asynccassandra.internal.LazyAsyncCassandraSession;
import io.github.asynccassandra.monitoring.ConnectionMonitor;
import io.github.asynccassandra.monitoring.HostHealth;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the Cassandra cluster as the {@link ConnectionMonitor} sees it: UP when every node answers
 * its probe; DOWN when none does or the session is closed; a configurable status (UP by default) when
 * some nodes answer and others do not; UNKNOWN while no node has been probed yet.
 *
 * <p>Details: {@code clusterName}, {@code releaseVersion}, {@code protocolVersion}, {@code datacenter},
 * {@code nodesUp}, {@code nodesDown}, {@code nodes} (address to state) and {@code checkedAt}. While the
 * monitor runs, its latest check is reported, with no query; otherwise each call probes every node.
 */
public class AsyncCassandraHealthIndicator extends AbstractHealthIndicator {

    private final AsyncCassandraSession session;
    private final ConnectionMonitor monitor;
    private final Status statusWhenNodeDown;
    private final Duration checkTimeout;

    /**
     * @param statusWhenNodeDown status while some nodes answer and others do not
     * @param checkTimeout longest wait for a check when the monitor has none to report
     * @param session the session
     * @param monitor the monitor
     */
    public AsyncCassandraHealthIndicator(AsyncCassandraSession session, ConnectionMonitor monitor,
            Status statusWhenNodeDown, Duration checkTimeout) {
        super("Cassandra health check failed");
        this.session = Objects.requireNonNull(session, "session");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.statusWhenNodeDown = Objects.requireNonNull(statusWhenNodeDown, "statusWhenNodeDown");
        this.checkTimeout = Objects.requireNonNull(checkTimeout, "checkTimeout");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        if (session.isClosed()) {
            builder.down().withDetail("error", "Session is closed");
            return;
        }
        if (session instanceof LazyAsyncCassandraSession lazy && !lazy.isConnected()) {
            // Started without Cassandra (async-cassandra.startup=lazy): DOWN until a connect succeeds.
            lazy.connection();
            Throwable failure = lazy.lastFailure();
            builder.down().withDetail("error", failure == null ? "Not connected yet"
                    : "Not connected: " + failure.getMessage());
            return;
        }
        ClusterHealth health = monitor.isRunning() ? monitor.getLastHealth() : null;
        if (health == null) {
            health = monitor.checkNow().get(checkTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        long up = health.healthyHosts();
        long down = health.unhealthyHosts();
        if (up == 0) {
            // Nodes not probed yet are neither up nor down.
            builder.status(down > 0 ? Status.DOWN : Status.UNKNOWN);
        } else if (down > 0) {
            builder.status(statusWhenNodeDown);
        } else {
            builder.up();
        }
        Map<String, String> nodes = new LinkedHashMap<>();
        health.hosts().forEach(host -> nodes.put(host.address(), host.state().name()));
        builder.withDetail("clusterName", String.valueOf(health.clusterName()))
                .withDetail("releaseVersion", health.hosts().stream().filter(HostHealth::isHealthy)
                        .map(HostHealth::cassandraVersion).filter(Objects::nonNull).findFirst().orElse("unknown"))
                .withDetail("protocolVersion", health.protocolVersion())
                .withDetail("datacenter", localDatacenters())
                .withDetail("nodesUp", up)
                .withDetail("nodesDown", down)
                .withDetail("nodes", nodes)
                .withDetail("checkedAt", health.checkedAt().toString());
    }

    /** The datacenter requests go to (several only when the load-balancing policy spans them). */
    private String localDatacenters() {
        TreeSet<String> datacenters = new TreeSet<>();
        for (Node node : session.getDriverSession().getMetadata().getNodes().values()) {
            if (node.getDistance() == NodeDistance.LOCAL && node.getDatacenter() != null) {
                datacenters.add(node.getDatacenter());
            }
        }
        return datacenters.isEmpty() ? "unknown" : String.join(",", datacenters);
    }
}
