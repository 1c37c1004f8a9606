package io.github.asynccassandra.spring.boot.autoconfigure;

import static io.github.asynccassandra.spring.boot.autoconfigure.StarterTestSupport.analyze;
import static io.github.asynccassandra.spring.boot.autoconfigure.StarterTestSupport.eventually;
import static io.github.asynccassandra.spring.boot.autoconfigure.StarterTestSupport.liveCassandraThreads;
import static io.github.asynccassandra.spring.boot.autoconfigure.StarterTestSupport.runnerFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncResultSet;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.monitoring.ConnectionMonitor;
import io.github.asynccassandra.spring.boot.autoconfigure.health.AsyncCassandraHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The starter's beans against a real node. */
@EmbeddedCassandraTest
class AsyncCassandraStarterIT {

    @BeforeAll
    static void createKeyspace(EmbeddedCassandra cassandra) {
        runnerFor(cassandra).run(context -> {
            AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
            session.execute("CREATE KEYSPACE IF NOT EXISTS starter WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
            session.execute("CREATE TABLE IF NOT EXISTS starter.events (id int PRIMARY KEY, payload text)").join();
        });
    }

    @Test
    void beansWorkEndToEndInTheConfiguredKeyspace(EmbeddedCassandra cassandra) {
        runnerFor(cassandra).withPropertyValues("async-cassandra.keyspace=starter",
                "async-cassandra.request.consistency=LOCAL_QUORUM").run(context -> {
                    assertThat(context).hasNotFailed();
                    AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
                    assertThat(session.getKeyspace()).isEqualTo("starter");
                    session.execute("INSERT INTO events (id, payload) VALUES (?, ?)", 1, "hello").join();
                    AsyncResultSet rows = session.execute("SELECT payload FROM events WHERE id = ?", 1).join();
                    assertThat(rows.one().getString("payload")).isEqualTo("hello");
                    assertThat(session.getDriverSession().getContext().getConfig().getDefaultProfile()
                            .getString(com.datastax.oss.driver.api.core.config.DefaultDriverOption.REQUEST_CONSISTENCY))
                            .isEqualTo("LOCAL_QUORUM");
                    assertThat(context.getBean(ConnectionMonitor.class).isRunning()).isTrue();
                });
    }

    @Test
    void metersAppearWithTheirNamesAndTags(EmbeddedCassandra cassandra) {
        runnerFor(cassandra).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("async-cassandra.monitor.interval=1s").run(context -> {
                    AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
                    session.execute("INSERT INTO starter.events (id, payload) VALUES (?, ?)", 2, "x").join();
                    session.execute("SELECT * FROM starter.events WHERE id = ?", 2).join();
                    session.execute("SELECT * FROM starter.no_such_table").handle((r, e) -> e).join();
                    session.executeStream("SELECT * FROM starter.events").join().forEach(row -> { }).join();
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    // Collectors run on the middleware's own thread, and the driver reports a request's end
                    // just after completing its future: wait until the last request (the stream's page) is in.
                    assertThat(eventually(Duration.ofSeconds(30), () -> {
                        session.getMetrics().flush(Duration.ofSeconds(10));
                        io.micrometer.core.instrument.Counter selects = registry.find("cassandra.queries")
                                .tag("query_type", "select").tag("success", "success").counter();
                        return selects != null && selects.count() >= 2;
                    })).isTrue();

                    assertThat(registry.get("cassandra.query.duration").tag("query_type", "insert")
                            .tag("success", "success").timer().count()).isEqualTo(1);
                    assertThat(registry.get("cassandra.queries").tag("query_type", "select").tag("success", "success")
                            .counter().count()).isGreaterThanOrEqualTo(2);
                    assertThat(registry.get("cassandra.queries").tag("query_type", "select").tag("success", "failure")
                            .counter().count()).isEqualTo(1);
                    assertThat(registry.get("cassandra.errors").tag("error_type", "InvalidQueryException").counter()
                            .count()).isEqualTo(1);
                    assertThat(registry.get("cassandra.streams").tag("event", "opened").counter().count()).isEqualTo(1);
                    assertThat(registry.get("cassandra.stream.rows").counter().count()).isPositive();
                    assertThat(eventually(Duration.ofSeconds(30), () -> registry.find("cassandra.connection.healthy")
                            .tag("host", "127.0.0.1:" + cassandra.nativePort()).gauge() != null)).isTrue();
                    assertThat(registry.get("cassandra.connection.healthy").gauge().value()).isEqualTo(1);
                    // The driver's own metrics, through its Micrometer module.
                    assertThat(registry.get("cassandra.driver.session.bytes-sent").counter().count()).isPositive();
                    // Requests are timed once, by the request tracker: not again by the driver's session timer.
                    assertThat(registry.find("cassandra.driver.session.cql-requests").meter()).isNull();
                    assertThat(registry.get("cassandra.driver.nodes.pool.open-connections").gauge().value())
                            .isPositive();
                });
    }

    @Test
    void healthIsUpWithDetails(EmbeddedCassandra cassandra) {
        runnerFor(cassandra).run(context -> {
            Health health = context.getBean(AsyncCassandraHealthIndicator.class).health();
            assertThat(health.getStatus()).as("%s", health.getDetails()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("clusterName", "async-cassandra-embedded")
                    .containsEntry("protocolVersion", "V5").containsEntry("datacenter", "datacenter1")
                    .containsEntry("nodesUp", 1L).containsEntry("nodesDown", 0L)
                    .containsKeys("releaseVersion", "nodes", "checkedAt");
            assertThat((String) health.getDetails().get("releaseVersion")).startsWith("5.0");
            context.getBean(AsyncCassandraSession.class).closeAsync().join();
            Health closed = context.getBean(AsyncCassandraHealthIndicator.class).health();
            assertThat(closed.getStatus()).isEqualTo(Status.DOWN);
            assertThat(closed.getDetails()).containsEntry("error", "Session is closed");
        });
    }

    @Test
    void closingTheContextDrainsInFlightRequestsAndLeavesNoThreads(EmbeddedCassandra cassandra) throws Exception {
        Set<Thread> before = new HashSet<>(liveCassandraThreads());
        List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>();
        runnerFor(cassandra).withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
            session.execute("TRUNCATE starter.events").join();
            for (int i = 0; i < 500; i++) {
                writes.add(session.execute("INSERT INTO starter.events (id, payload) VALUES (?, ?)", i, "p" + i));
            }
            context.close();
        });
        // A graceful close: each request the session accepted finished, none was cut off.
        assertThat(writes).allSatisfy(write -> assertThat(write).isCompleted().isNotCompletedExceptionally());
        runnerFor(cassandra).run(context -> assertThat(context.getBean(AsyncCassandraSession.class)
                .execute("SELECT count(*) FROM starter.events").join().one().getLong(0)).isEqualTo(500));
        assertThat(noThreadsLeftBeyond(before)).as("threads left: %s", liveCassandraThreads()).isTrue();
    }

    @Test
    void aShutdownPhaseThatTimesOutClosesTheSessionByForceFailingWhatIsInFlight(EmbeddedCassandra cassandra)
            throws Exception {
        Set<Thread> before = new HashSet<>(liveCassandraThreads());
        List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>();
        AtomicLong closeMillis = new AtomicLong();
        try {
            runnerFor(cassandra).withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
                    .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=1s",
                            "async-cassandra.request.timeout=60s")
                    .run(context -> {
                        AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
                        session.execute("SELECT release_version FROM system.local").join();
                        // A frozen node answers nothing: these reads would wait for their 60 s timeout.
                        cassandra.pause(1);
                        for (int i = 0; i < 50; i++) {
                            reads.add(session.execute("SELECT payload FROM starter.events WHERE id = ?", i));
                        }
                        long started = System.nanoTime();
                        context.close();
                        closeMillis.set(Duration.ofNanos(System.nanoTime() - started).toMillis());
                    });
        } finally {
            cassandra.resume(1);
        }
        // The graceful phase waited its second, then the session closed by force: nothing hangs.
        assertThat(closeMillis.get()).isBetween(900L, 15_000L);
        assertThat(reads).allSatisfy(read -> assertThat(read).isCompletedExceptionally());
        assertThat(noThreadsLeftBeyond(before)).as("threads left: %s", liveCassandraThreads()).isTrue();
    }

    private static boolean noThreadsLeftBeyond(Set<Thread> before) throws InterruptedException {
        return eventually(Duration.ofSeconds(30), () -> {
            Set<Thread> leftover = new HashSet<>(liveCassandraThreads());
            leftover.removeAll(before);
            return leftover.isEmpty();
        });
    }

    @Test
    void anUnreachableClusterFailsStartUpNamingTheContactPoints() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StarterTestSupport.runner().withPropertyValues("async-cassandra.contact-points=127.0.0.1",
                "async-cassandra.port=" + closedPort, "async-cassandra.local-datacenter=datacenter1",
                "async-cassandra.connect-timeout=3s").run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("127.0.0.1:" + closedPort);
                    assertThat(analysis.getAction()).contains("async-cassandra.contact-points");
                });
    }

    @Test
    void anUnknownLocalDatacenterFailsStartUpListingTheDatacenters(EmbeddedCassandra cassandra) {
        runnerFor(cassandra).withPropertyValues("async-cassandra.local-datacenter=dc-typo").run(context -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'dc-typo'").contains("[datacenter1]");
            assertThat(analysis.getAction()).contains("async-cassandra.local-datacenter");
        });
    }

    @Test
    void aMissingKeyspaceFailsStartUpNamingTheKeyspaceProperty(EmbeddedCassandra cassandra) {
        runnerFor(cassandra).withPropertyValues("async-cassandra.keyspace=no_such_keyspace").run(context -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getAction()).contains("async-cassandra.keyspace");
        });
    }
}
