package io.github.asynccassandra.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraExtension;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.metrics.QueryKind;
import io.github.asynccassandra.monitoring.ConnectionMonitor;
import io.github.asynccassandra.monitoring.HostState;
import io.github.asynccassandra.spring.boot.autoconfigure.health.AsyncCassandraHealthIndicator;
import io.github.asynccassandra.streaming.StreamConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Faults under load on a real 3-node cluster, replication factor 3: a node killed and restarted under
 * QUORUM writes, a frozen node under mixed load, a node killed in the middle of a stream, and the whole
 * cluster down and back. Each prints its figures ({@link Figures}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT {

    // The servers time out before the client, so the retry policy sees their answers.
    @RegisterExtension
    static final EmbeddedCassandraExtension CLUSTER = EmbeddedCassandraExtension.dedicated(builder -> builder
            .nodes(3).heap("768m").yaml("read_request_timeout", "1500ms").yaml("write_request_timeout", "1500ms"));

    private static final AtomicLong retriedWrites = new AtomicLong();
    private static AsyncCluster cluster;
    private static AsyncCassandraSession session;
    private static PreparedStatement insert;
    private static PreparedStatement select;

    @BeforeAll
    static void connect() {
        EmbeddedCassandra cassandra = CLUSTER.cassandra();
        cluster = AsyncCluster.builder()
                .contactPoints(cassandra.contactPoints().stream().map(a -> a.getAddress().getHostAddress()).toList())
                .port(cassandra.nativePort()).localDatacenter(cassandra.localDatacenter())
                .option("basic.request.timeout", Duration.ofSeconds(10))
                .option("advanced.speculative-execution-policy.class", "ConstantSpeculativeExecutionPolicy")
                .option("advanced.speculative-execution-policy.max-executions", 3)
                .option("advanced.speculative-execution-policy.delay", Duration.ofMillis(500))
                .metrics(MetricsMiddleware.builder().collector(event -> {
                    if (event.kind() == QueryKind.INSERT && event.retried()) {
                        retriedWrites.incrementAndGet();
                    }
                }).build())
                .build();
        session = cluster.connect().join();
        session.execute("CREATE KEYSPACE IF NOT EXISTS rel WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 3}").join();
        session.execute("CREATE TABLE IF NOT EXISTS rel.writes (id int PRIMARY KEY, v text)").join();
        session.execute("CREATE TABLE IF NOT EXISTS rel.stream (p int, c int, v text, PRIMARY KEY (p, c))").join();
        insert = session.prepare("INSERT INTO rel.writes (id, v) VALUES (?, ?)").join();
        select = session.prepare("SELECT v FROM rel.writes WHERE id = ?").join();
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void acknowledgedQuorumWritesSurviveANodeKilledAndRestarted() throws Exception {
        EmbeddedCassandra cassandra = CLUSTER.cassandra();
        int seconds = Figures.FULL ? 60 : 15;
        retriedWrites.set(0);
        ClosedLoop load = ClosedLoop.start(256, id -> session.execute(insert.bind(id, "v" + id)
                .setConsistencyLevel(DefaultConsistencyLevel.QUORUM).setIdempotent(true)));
        Thread.sleep(3000);
        long killedAt = (long) load.elapsedSeconds();
        cassandra.kill(3);
        Thread.sleep(3000);
        CompletableFuture<Void> restarted = CompletableFuture.runAsync(() -> cassandra.restart(3));
        Thread.sleep(Math.max(0, seconds * 1000L - (long) (load.elapsedSeconds() * 1000)));
        assertThat(load.stopAndAwait(60)).as("every request completed").isTrue();
        restarted.get(3, TimeUnit.MINUTES);

        Set<Integer> stored = ConcurrentHashMap.newKeySet();
        session.executeStream(SimpleStatement
                .newInstance("SELECT id FROM rel.writes").setConsistencyLevel(DefaultConsistencyLevel.QUORUM),
                StreamConfig.builder().fetchSize(5000).build())
                .thenCompose(rows -> rows.forEach(row -> stored.add(row.getInt(0)))).join();
        Set<Integer> lost = new HashSet<>(load.acknowledged);
        lost.removeAll(stored);
        assertThat(lost).as("acknowledged writes missing after the failover").isEmpty();

        long lastFailure = load.lastFailureSecond();
        long window = lastFailure < 0 ? 0 : lastFailure + 1 - killedAt;
        long sentInWindow = window == 0 ? 0 : load.acknowledgedBetween(killedAt, lastFailure + 1) + load.failed.get();
        Figures.report("QUORUM writes, 256 in flight, node 3 killed at " + killedAt + " s and restarted",
                String.format("%d s run; sent %d, acknowledged %d, failed %d %s, lost 0, retried on another node %d; "
                        + "error rate during failover %.2f%%; errors back to zero %d s after the kill",
                        seconds, load.sent.get(), load.acknowledged.size(), load.failed.get(), load.errors,
                        retriedWrites.get(), sentInWindow == 0 ? 0.0 : 100.0 * load.failed.get() / sentInWindow,
                        window));
    }

    @Test
    @Order(2)
    void aFrozenNodeDoesNotStopServiceAndHealthReportsIt() throws Exception {
        EmbeddedCassandra cassandra = CLUSTER.cassandra();
        int seconds = Figures.FULL ? 40 : 20;
        Map<String, List<HostState>> transitions = new ConcurrentHashMap<>();
        long threadsBefore = cassandraThreads();
        try (ConnectionMonitor monitor = new ConnectionMonitor(session, Duration.ofSeconds(1), Duration.ofSeconds(1))) {
            monitor.addListener((host, previous) -> transitions.computeIfAbsent(host.address(),
                    a -> new ArrayList<>()).add(host.state()));
            monitor.start();
            AsyncCassandraHealthIndicator health = new AsyncCassandraHealthIndicator(session, monitor, Status.UP,
                    Duration.ofSeconds(5));
            ClosedLoop load = ClosedLoop.start(64, n -> n % 2 == 0
                    ? session.execute(insert.bind(n, "m" + n).setConsistencyLevel(DefaultConsistencyLevel.QUORUM)
                            .setIdempotent(true))
                    : session.execute(select.bind(n - 1).setConsistencyLevel(DefaultConsistencyLevel.QUORUM)
                            .setIdempotent(true)));
            Thread.sleep(3000);
            long pausedAt = (long) load.elapsedSeconds();
            cassandra.pause(2);
            String frozen = cassandra.address(2).getHostAddress();
            boolean reported = eventually(Duration.ofSeconds(8), () -> {
                Health h = health.health();
                return h.getStatus().equals(Status.UP) && Long.valueOf(1).equals(h.getDetails().get("nodesDown"));
            });
            Thread.sleep(Math.max(0, 10_000 - (long) ((load.elapsedSeconds() - pausedAt) * 1000)));
            cassandra.resume(2);
            long resumedAt = (long) load.elapsedSeconds();
            Thread.sleep(Math.max(0, seconds * 1000L - (long) (load.elapsedSeconds() * 1000)));
            assertThat(load.stopAndAwait(60)).as("every request completed").isTrue();
            boolean recovered = eventually(Duration.ofSeconds(15),
                    () -> Long.valueOf(0).equals(health.health().getDetails().get("nodesDown")));

            long before = load.acknowledgedBetween(0, pausedAt) / Math.max(1, pausedAt);
            long during = load.acknowledgedBetween(pausedAt + 1, resumedAt) / Math.max(1, resumedAt - pausedAt - 1);
            assertThat(reported).as("health reported the frozen node while UP").isTrue();
            assertThat(recovered).as("health saw the node back").isTrue();
            assertThat(during).as("requests/s acknowledged while node 2 was frozen").isPositive();
            List<HostState> frozenStates = transitions.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(frozen + ":")).flatMap(e -> e.getValue().stream()).toList();
            assertThat(frozenStates).containsSubsequence(HostState.DOWN, HostState.UP);
            assertThat(cassandraThreads() - threadsBefore).as("threads added").isLessThan(10);
            Figures.report("mixed QUORUM reads and writes, 64 in flight, node 2 frozen (SIGSTOP) for 10 s",
                    String.format("%d s run; acknowledged %d/s before, %d/s while frozen; failed %d %s; monitor and "
                            + "health reported the node DOWN (health stayed UP, nodesDown 1) and UP after resume; "
                            + "client threads +%d", seconds, before, during, load.failed.get(), load.errors,
                            cassandraThreads() - threadsBefore));
        }
    }

    @Test
    @Order(3)
    void aStreamEndsWhenItsNodeIsKilledNeverHangs() throws Exception {
        EmbeddedCassandra cassandra = CLUSTER.cassandra();
        PreparedStatement row = session.prepare("INSERT INTO rel.stream (p, c, v) VALUES (?, ?, ?)").join();
        // Writes at ALL, so the stream can finish on any replica; gossip may need a moment to see the node
        // thawed by the previous test alive, and refuses ALL until then.
        assertThat(eventually(Duration.ofSeconds(60), () -> session.execute(SimpleStatement
                .newInstance("DELETE FROM rel.stream WHERE p = -1")
                .setConsistencyLevel(DefaultConsistencyLevel.ALL)).handle((r, e) -> e == null).join()))
                .as("all three replicas alive").isTrue();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int p = 0; p < 200; p++) {
            for (int c = 0; c < 100; c++) {
                writes.add(session.execute(row.bind(p, c, "v").setConsistencyLevel(DefaultConsistencyLevel.ALL)));
            }
            if (writes.size() >= 2000) {
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                writes.clear();
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        AtomicLong rows = new AtomicLong();
        long started = System.nanoTime();
        CompletableFuture<Long> stream = session.executeStream(SimpleStatement
                .newInstance("SELECT p, c, v FROM rel.stream").setIdempotent(true), StreamConfig.builder()
                .fetchSize(100).build()).thenCompose(result -> result.forEachPageAsync(page -> {
                    rows.addAndGet(page.size());
                    // A slow consumer, so the stream is still open when the node dies.
                    return CompletableFuture.runAsync(() -> { },
                            CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
                }));
        Thread.sleep(1000);
        cassandra.kill(1);
        String outcome;
        try {
            long total = stream.get(90, TimeUnit.SECONDS);
            assertThat(total).isEqualTo(20_000);
            outcome = "finished on the other replicas with all " + total + " rows";
        } catch (java.util.concurrent.ExecutionException e) {
            outcome = "ended with onError (" + e.getCause().getClass().getSimpleName() + ") after " + rows.get()
                    + " rows";
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        cassandra.restart(1);
        Figures.report("stream of 20,000 rows (fetch size 100, slow consumer), node 1 killed 1 s in",
                String.format("%s in %.1f s; never hung", outcome, seconds));
    }

    @Test
    @Order(4)
    void theWholeClusterDownAndBack() throws Exception {
        EmbeddedCassandra cassandra = CLUSTER.cassandra();
        ClosedLoop load = ClosedLoop.start(200, n -> session.execute(insert.bind(1_000_000 + n, "x")
                .setIdempotent(true)));
        Thread.sleep(1000);
        long killedAt = System.nanoTime();
        for (int node = 1; node <= 3; node++) {
            cassandra.kill(node);
        }
        Thread.sleep(2000);
        // Every request in flight at the kill, and every one sent after it, completes: none hangs.
        assertThat(load.stopAndAwait(60)).as("every request completed").isTrue();
        double settled = (System.nanoTime() - killedAt) / 1e9;
        long failed = load.failed.get();

        // Once the driver has seen every node go, new requests fail at once instead of waiting.
        assertThat(eventually(Duration.ofSeconds(30), () -> session.getDriverSession().getMetadata().getNodes()
                .values().stream().noneMatch(n -> n.getState() == com.datastax.oss.driver.api.core.metadata
                        .NodeState.UP))).isTrue();
        long started = System.nanoTime();
        Throwable fastFailure = session.execute("SELECT now() FROM system.local").handle((r, e) -> e).get(30,
                TimeUnit.SECONDS);
        double failFastMs = (System.nanoTime() - started) / 1e6;
        assertThat(fastFailure).isNotNull();
        assertThat(failFastMs).isLessThan(2000);

        for (int node = 1; node <= 3; node++) {
            cassandra.restart(node);
        }
        long restartedAt = System.nanoTime();
        boolean recovered = eventually(Duration.ofSeconds(90), () -> session.execute("SELECT now() FROM system.local")
                .handle((r, e) -> e == null).join());
        double recoverySeconds = (System.nanoTime() - restartedAt) / 1e9;
        assertThat(recovered).as("the session recovered by itself").isTrue();
        assertThat(failed).as("requests failed by the outage").isPositive();
        Figures.report("whole cluster killed with 200 writes in flight, then restarted",
                String.format("200 requests kept in flight; after the kill every future completed, the last %.1f s "
                        + "after it (sent %d, acknowledged %d, failed %d %s, none hung); a new request then failed in "
                        + "%.0f ms (%s); first success %.1f s after the last node was back, with no reconnect by the "
                        + "application", settled, load.sent.get(), load.acknowledged.size(), failed, load.errors,
                        failFastMs, fastFailure.getClass().getSimpleName(), recoverySeconds));
    }

    private static long cassandraThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("async-cassandra-") || t.getName().matches("s\\d+-.*")).count();
    }

    static boolean eventually(Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.getAsBoolean();
    }
}
