package io.github.asynccassandra.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraExtension;
import io.github.asynccassandra.metrics.ConnectionMetrics;
import io.github.asynccassandra.metrics.InMemoryMetricsCollector;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor against a real 3-node cluster: a killed node goes DOWN and comes back UP; a decommissioned
 * one leaves the monitor and the metrics (last, since the cluster then has two nodes).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionMonitorIT {

    private static final Logger log = LoggerFactory.getLogger(ConnectionMonitorIT.class);
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    @RegisterExtension
    static final EmbeddedCassandraExtension CLUSTER =
            EmbeddedCassandraExtension.dedicated(builder -> builder.nodes(3).heap("768m"));

    record Change(String address, HostState from, HostState to, int check) {
    }

    @Test
    void killedNodeIsReportedDownWithinTwoChecksAndUpAfterRestart(EmbeddedCassandra cassandra) throws Exception {
        InMemoryMetricsCollector memory = new InMemoryMetricsCollector();
        MetricsMiddleware metrics = new MetricsMiddleware(memory);
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).metrics(metrics)
                .reconnectionPolicy(com.datastax.oss.driver.internal.core.connection.ConstantReconnectionPolicy.class)
                .option("advanced.reconnection-policy.base-delay", Duration.ofSeconds(1))
                .build();
             ConnectionMonitor monitor = new ConnectionMonitor(cluster.connect().join(), INTERVAL)) {
            AtomicInteger checks = new AtomicInteger();
            BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
            List<ClusterHealth> healths = new CopyOnWriteArrayList<>();
            monitor.addCallback(health -> {
                checks.incrementAndGet();
                healths.add(health);
            });
            monitor.addListener((host, previous) -> changes.add(new Change(host.address(), previous, host.state(),
                    checks.get() + 1)));
            monitor.warmupConnections().join();
            monitor.start();

            for (int i = 0; i < 3; i++) {
                Change initial = changes.poll(60, TimeUnit.SECONDS);
                assertThat(initial).isNotNull();
                assertThat(initial.to()).isEqualTo(HostState.UP);
            }
            ClusterHealth healthy = monitor.checkNow().join();
            assertThat(healthy.healthyHosts()).isEqualTo(3);
            assertThat(healthy.protocolVersion()).isEqualTo("V5");
            assertThat(healthy.clusterName()).isEqualTo("async-cassandra-embedded");
            assertThat(healthy.hosts()).allSatisfy(host -> {
                assertThat(host.cassandraVersion()).isEqualTo(cassandra.version());
                assertThat(host.probeLatency()).isNotNull();
                assertThat(host.datacenter()).isEqualTo("datacenter1");
            });
            assertThat(monitor.getConnectionSummary().totalHosts()).isEqualTo(3);

            String node3 = "127.0.0.3:" + cassandra.nativePort();
            int checksBeforeKill = checks.get();
            long killedAt = System.nanoTime();
            cassandra.kill(3);
            Change down = changes.poll(60, TimeUnit.SECONDS);
            assertThat(down).isNotNull();
            log.info("Node 3 reported DOWN {} ms after the kill, {} check(s) later",
                    (System.nanoTime() - killedAt) / 1_000_000, down.check() - checksBeforeKill);
            assertThat(down.address()).isEqualTo(node3);
            assertThat(down.to()).isEqualTo(HostState.DOWN);
            assertThat(down.check() - checksBeforeKill).as("checks until DOWN").isLessThanOrEqualTo(2);
            assertThat(monitor.getLastHealth().unhealthyHosts()).isEqualTo(1);

            cassandra.restart(3);
            Change up = changes.poll(120, TimeUnit.SECONDS);
            assertThat(up).isNotNull();
            assertThat(up.address()).isEqualTo(node3);
            assertThat(up.to()).isEqualTo(HostState.UP);
            assertThat(metrics.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(memory.snapshot().connections()).extracting(ConnectionMetrics::host).contains(node3);
            assertThat(memory.snapshot().connections()).filteredOn(c -> c.host().equals(node3))
                    .allSatisfy(c -> assertThat(c.errorCount()).isPositive());
        }
    }

    @Test
    void aFrozenNodeGetsNoNewProbeWhileItsLastIsOut(EmbeddedCassandra cassandra) throws Exception {
        InMemoryMetricsCollector memory = new InMemoryMetricsCollector();
        MetricsMiddleware metrics = new MetricsMiddleware(memory);
        Duration interval = Duration.ofMillis(200);
        Duration probeTimeout = Duration.ofSeconds(2);
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).metrics(metrics).build();
             ConnectionMonitor monitor = new ConnectionMonitor(cluster.connect().join(), interval, probeTimeout)) {
            monitor.warmupConnections().join();
            String node2 = "127.0.0.2:" + cassandra.nativePort();
            long probesBefore = probesOf(memory, metrics, node2);
            cassandra.pause(2);
            try {
                monitor.start();
                // 4 s is 20 intervals, but only about two probe timeouts.
                Thread.sleep(4000);
                long probesWhileFrozen = probesOf(memory, metrics, node2) - probesBefore;
                long probesOfHealthyNode = probesOf(memory, metrics, "127.0.0.1:" + cassandra.nativePort());
                log.info("While node 2 was frozen for 4 s: {} probes to it, {} to node 1", probesWhileFrozen,
                        probesOfHealthyNode);
                assertThat(probesWhileFrozen).as("probes sent to the frozen node").isBetween(1L, 3L);
                assertThat(probesOfHealthyNode).as("probes sent to a healthy node").isGreaterThan(8);
                assertThat(monitor.getLastHealth().hosts()).filteredOn(h -> h.address().equals(node2))
                        .allSatisfy(h -> assertThat(h.state()).isEqualTo(HostState.DOWN));
            } finally {
                cassandra.resume(2);
            }
        }
    }

    @Test
    void aListenerOrCallbackThatThrowsAnErrorStopsNeitherTheOthersNorTheChecks(EmbeddedCassandra cassandra) {
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).build();
             ConnectionMonitor monitor = new ConnectionMonitor(cluster.connect().join(), INTERVAL)) {
            AtomicInteger listenerCalls = new AtomicInteger();
            AtomicInteger callbackCalls = new AtomicInteger();
            monitor.addListener((host, previous) -> {
                throw new AssertionError("listener bug");
            });
            monitor.addListener((host, previous) -> listenerCalls.incrementAndGet());
            monitor.addCallback(health -> {
                throw new OutOfMemoryError("callback bug");
            });
            monitor.addCallback(health -> callbackCalls.incrementAndGet());
            assertThat(monitor.checkNow()).succeedsWithin(Duration.ofSeconds(30));
            assertThat(monitor.checkNow()).succeedsWithin(Duration.ofSeconds(30));
            assertThat(listenerCalls).as("state changes seen by the second listener").hasValue(3);
            assertThat(callbackCalls).as("checks seen by the second callback").hasValue(2);
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aDecommissionedNodeLeavesTheMonitorAndItsMeters(EmbeddedCassandra cassandra) throws Exception {
        InMemoryMetricsCollector memory = new InMemoryMetricsCollector();
        MetricsMiddleware metrics = new MetricsMiddleware(memory);
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).metrics(metrics).build()) {
            AsyncCassandraSession session = cluster.connect().join();
            ConnectionMonitor monitor = new ConnectionMonitor(session, INTERVAL);
            String node3 = "127.0.0.3:" + cassandra.nativePort();
            assertThat(monitor.checkNow().join().hosts()).hasSize(3);
            assertThat(metrics.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(memory.snapshot().connections()).extracting(ConnectionMetrics::host).contains(node3);

            cassandra.decommission(3);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (session.getDriverSession().getMetadata().getNodes().size() > 2 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(session.getDriverSession().getMetadata().getNodes()).as("nodes the driver lists").hasSize(2);

            ClusterHealth after = monitor.checkNow().join();
            assertThat(after.hosts()).extracting(HostHealth::address).doesNotContain(node3).hasSize(2);
            assertThat(monitor.trackedNodes()).isEqualTo(2);
            assertThat(metrics.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(memory.snapshot().connections()).extracting(ConnectionMetrics::host).doesNotContain(node3)
                    .hasSize(2);
            monitor.close();
        }
    }

    private static long probesOf(InMemoryMetricsCollector memory, MetricsMiddleware metrics, String host) {
        metrics.flush(Duration.ofSeconds(10));
        return memory.snapshot().connections().stream().filter(c -> c.host().equals(host))
                .mapToLong(ConnectionMetrics::totalQueries).max().orElse(0);
    }
}
