package io.github.asynccassandra.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.AsyncResultSet;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraExtension;
import io.github.asynccassandra.metrics.MetricsCollector;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.metrics.NodeErrorEvent;
import io.github.asynccassandra.metrics.QueryEvent;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The retry policy against real node failures: a 3-node cluster, replication factor 3. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetryPolicyFaultIT {

    private static final Logger log = LoggerFactory.getLogger(RetryPolicyFaultIT.class);

    @RegisterExtension
    static final EmbeddedCassandraExtension CLUSTER =
            EmbeddedCassandraExtension.dedicated(builder -> builder.nodes(3).heap("768m")
                    // Server-side timeouts shorter than the client's, so replicas' answers reach the retry policy.
                    .yaml("read_request_timeout", "1500ms").yaml("write_request_timeout", "1500ms"));

    static AsyncCluster cluster;
    static AsyncCassandraSession session;

    @BeforeAll
    static void connect(EmbeddedCassandra cassandra) {
        cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter())
                .option("basic.request.timeout", Duration.ofSeconds(8))
                .option("basic.request.consistency", "QUORUM")
                // Idempotent requests may go to the next node when a replica is slow to answer.
                .option("advanced.speculative-execution-policy.class", "ConstantSpeculativeExecutionPolicy")
                .option("advanced.speculative-execution-policy.max-executions", 3)
                .option("advanced.speculative-execution-policy.delay", Duration.ofMillis(300))
                .option("advanced.request-tracker.classes", List.of(AttemptCountingTracker.class.getName()))
                .build();
        session = cluster.connect().join();
        session.execute("CREATE KEYSPACE IF NOT EXISTS faults WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 3}").join();
        session.setKeyspace("faults").join();
        session.execute("CREATE TABLE IF NOT EXISTS kv (k int PRIMARY KEY, v text)").join();
        session.execute("CREATE TABLE IF NOT EXISTS hits (k int PRIMARY KEY, n counter)").join();
    }

    @AfterAll
    static void shutdown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void resetCounts() {
        AttemptCountingTracker.reset();
    }

    @Test
    @Order(1)
    void idempotentQuorumReadsSucceedWithOneNodeFrozen(EmbeddedCassandra cassandra) {
        PreparedStatement insert = session.prepare("INSERT INTO kv (k, v) VALUES (?, ?)").join();
        for (int k = 0; k < 50; k++) {
            session.execute(insert.bind(k, "v" + k).setIdempotent(true)).join();
        }
        PreparedStatement read = session.prepare("SELECT v FROM kv WHERE k = ?").join();
        cassandra.pause(2);
        try {
            List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int k = 0; k < 50; k++) {
                    reads.add(session.execute(read.bind(k).setIdempotent(true)
                            .setConsistencyLevel(DefaultConsistencyLevel.QUORUM)));
                }
            }
            CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
            for (int i = 0; i < reads.size(); i++) {
                assertThat(reads.get(i).join().one().getString("v")).isEqualTo("v" + (i % 50));
            }
        } finally {
            cassandra.resume(2);
        }
    }

    @Test
    @Order(2)
    void nonIdempotentCounterIncrementsAreNeverRetried(EmbeddedCassandra cassandra) {
        PreparedStatement increment = session.prepare("UPDATE hits SET n = n + 1 WHERE k = 1").join();
        int requests = 200;
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger unknown = new AtomicInteger();
        AtomicInteger failedOtherwise = new AtomicInteger();
        List<BoundStatement> sent = new ArrayList<>();
        cassandra.pause(3);
        try {
            Semaphore inFlight = new Semaphore(32);
            List<CompletableFuture<Void>> outcomes = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                inFlight.acquireUninterruptibly();
                BoundStatement statement = increment.bind();   // idempotence not set: null
                sent.add(statement);
                outcomes.add(session.execute(statement).handle((r, e) -> {
                    inFlight.release();
                    if (e == null) {
                        succeeded.incrementAndGet();
                    } else if (isUnknownOutcome(e)) {
                        unknown.incrementAndGet();
                    } else {
                        failedOtherwise.incrementAndGet();
                    }
                    return null;
                }));
            }
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).join();
        } finally {
            cassandra.resume(3);
        }
        long counter = readAtAllOnceTheResumedNodeIsSeenAlive(
                SimpleStatement.newInstance("SELECT n FROM hits WHERE k = 1")).one().getLong("n");
        log.info("Counter increments with a frozen replica: {} acknowledged, {} unknown (timed out), {} failed; "
                + "counter = {}", succeeded, unknown, failedOtherwise, counter);
        // A request that timed out on the client reports no node attempt; none may report two.
        assertThat(sent).allSatisfy(statement ->
                assertThat(AttemptCountingTracker.attempts(statement)).as("nodes tried").isLessThanOrEqualTo(1));
        assertThat(sent.stream().filter(statement -> AttemptCountingTracker.attempts(statement) == 1).count())
                .isGreaterThanOrEqualTo(succeeded.get());
        assertThat(counter).isBetween((long) succeeded.get(), (long) succeeded.get() + unknown.get());
    }

    @Test
    @Order(3)
    void idempotentWritesSurviveANodeKillAndNoneIsLost(EmbeddedCassandra cassandra) throws InterruptedException {
        PreparedStatement insert = session.prepare("INSERT INTO kv (k, v) VALUES (?, ?)").join();
        int writes = 3000;
        List<CompletableFuture<AsyncResultSet>> acknowledged = new ArrayList<>();
        Semaphore inFlight = new Semaphore(64);
        for (int k = 1000; k < 1000 + writes; k++) {
            if (k == 1000 + writes / 3) {
                cassandra.kill(3);
            }
            inFlight.acquire();
            acknowledged.add(session.execute(insert.bind(k, "w" + k).setIdempotent(true))
                    .whenComplete((r, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        long failed = acknowledged.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        long retried = AttemptCountingTracker.triedOnMoreThanOneNode();
        log.info("Idempotent writes across a node kill: {} sent, {} failed, {} tried on more than one node",
                writes, failed, retried);
        assertThat(failed).isZero();

        cassandra.restart(3);
        PreparedStatement read = session.prepare("SELECT k FROM kv WHERE k = ?").join();
        List<CompletableFuture<AsyncResultSet>> reads = new ArrayList<>();
        for (int k = 1000; k < 1000 + writes; k++) {
            inFlight.acquire();
            reads.add(session.execute(read.bind(k).setIdempotent(true)).whenComplete((r, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
        assertThat(reads).allSatisfy(r -> assertThat(r.join().one()).isNotNull());
    }

    @Test
    @Order(4)
    void aWriteWithUnsetIdempotenceFollowsTheConfiguredDefault(EmbeddedCassandra cassandra) {
        // A write at ALL with a frozen replica times out on the coordinator (WriteTimeoutException, SIMPLE).
        // The driver asks the policy only for writes it deems idempotent, from the statement or the default.
        List<NodeErrorEvent> nodeErrors = new CopyOnWriteArrayList<>();
        MetricsMiddleware metrics = new MetricsMiddleware(new MetricsCollector() {
            @Override
            public void recordQuery(QueryEvent event) {
            }

            @Override
            public void recordNodeError(NodeErrorEvent event) {
                nodeErrors.add(event);
            }
        });
        TestObservationRegistry observations = TestObservationRegistry.create();
        try (AsyncCluster idempotentByDefault = AsyncCluster.builder().contactPoints("127.0.0.1")
                .metrics(metrics).observationRegistry(observations)
                .port(cassandra.nativePort()).localDatacenter(cassandra.localDatacenter()).maxRetries(1)
                .option("basic.request.timeout", Duration.ofSeconds(20))
                .option("basic.request.default-idempotence", true)
                .option("advanced.request-tracker.classes", List.of(AttemptCountingTracker.class.getName()))
                .build()) {
            AsyncCassandraSession defaults = idempotentByDefault.connect("faults").join();
            com.datastax.oss.driver.api.core.metadata.Node first = defaults.getDriverSession().getMetadata().getNodes()
                    .values().stream().filter(n -> n.getEndPoint().toString().contains("127.0.0.1")).findFirst()
                    .orElseThrow();
            SimpleStatement unset = SimpleStatement.newInstance("INSERT INTO kv (k, v) VALUES (7, 'x')")
                    .setConsistencyLevel(DefaultConsistencyLevel.ALL).setNode(first);
            SimpleStatement notIdempotent = unset.setIdempotent(false);
            cassandra.pause(3);
            try {
                assertThat(defaults.execute(unset)).failsWithin(Duration.ofSeconds(30));
                assertThat(defaults.execute(notIdempotent)).failsWithin(Duration.ofSeconds(30));
            } finally {
                cassandra.resume(3);
            }
            assertThat(AttemptCountingTracker.attempts(unset)).as("attempts of a write with idempotence unset")
                    .isEqualTo(2);
            assertThat(AttemptCountingTracker.attempts(notIdempotent)).as("attempts of a non-idempotent write")
                    .isEqualTo(1);
        }
        // Every attempt is seen by the cluster's own request tracker too: the retried one, then the last.
        assertThat(metrics.flush(Duration.ofSeconds(10))).isTrue();
        String node1 = "127.0.0.1:" + cassandra.nativePort();
        assertThat(nodeErrors).extracting(NodeErrorEvent::node, NodeErrorEvent::errorType, NodeErrorEvent::retried)
                .containsExactly(tuple(node1, "WriteTimeoutException", true),
                        tuple(node1, "WriteTimeoutException", false),
                        tuple(node1, "WriteTimeoutException", false));
        // The driver reports a request's end just after it fails the request's future.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> TestObservationRegistryAssert.assertThat(observations)
                .hasNumberOfObservationsWithNameEqualTo("cassandra.query", 2)
                .hasAnObservationWithAKeyValue("cassandra.node_error.count", "2")
                .hasAnObservationWithAKeyValue("cassandra.node_error.count", "1")
                .hasAnObservationWithAKeyValue("error.type", "WriteTimeoutException"));
    }

    /**
     * Gossip may take a few seconds to see a thawed node alive again; until then a read at ALL is refused
     * with {@link UnavailableException}, which says nothing about the data.
     */
    private static AsyncResultSet readAtAllOnceTheResumedNodeIsSeenAlive(SimpleStatement select) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return session.execute(select.setConsistencyLevel(DefaultConsistencyLevel.ALL)
                        .setTimeout(Duration.ofSeconds(20))).join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof UnavailableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        }
    }

    private static boolean isUnknownOutcome(Throwable error) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        return cause instanceof DriverTimeoutException
                || cause instanceof com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
    }
}
