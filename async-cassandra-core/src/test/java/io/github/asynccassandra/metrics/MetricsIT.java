package io.github.asynccassandra.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.AsyncResultSet;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.streaming.AsyncStreamingResultSet;
import io.github.asynccassandra.streaming.StreamConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@EmbeddedCassandraTest
class MetricsIT {

    @Test
    void aQueryWithAFiftyKilobyteLiteralIsMeasuredAndItsTextIsNotKept(EmbeddedCassandra cassandra) {
        InMemoryMetricsCollector memory = new InMemoryMetricsCollector();
        MetricsMiddleware middleware = MetricsMiddleware.builder().collector(memory)
                .slowQueryThreshold(Duration.ZERO).build();
        String secret = "s3cr3t-".repeat(7_500);
        try (AsyncCluster cluster = clusterWith(cassandra, middleware)) {
            AsyncCassandraSession session = sessionWithTable(cluster);
            // The driver reports a request's end just after completing its future: wait for both DDL.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (memory.snapshot().totalQueries() < 2 && System.nanoTime() < deadline) {
                middleware.flush(Duration.ofSeconds(10));
            }
            memory.reset();
            session.execute("INSERT INTO metrics_it.kv (k, v) VALUES (99, '" + secret + "')").join();
        }
        // Closing the cluster waited for the request's end; the flush waits for its delivery.
        assertThat(middleware.flush(Duration.ofSeconds(10))).isTrue();
        MetricsSnapshot snapshot = memory.snapshot();
        assertThat(snapshot.totalQueries()).as("the query was measured").isEqualTo(1);
        assertThat(snapshot.failedQueries()).isZero();
        assertThat(snapshot.topQueries()).singleElement().satisfies(top -> assertThat(top.fingerprint())
                .isEqualTo(QueryFingerprint.of("INSERT INTO metrics_it.kv (k, v) VALUES (1, 'x')")));
        assertThat(snapshot.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void countsAndErrorTypesAfterGoodAndFailingQueriesDespiteABrokenCollector(EmbeddedCassandra cassandra) {
        InMemoryMetricsCollector memory = new InMemoryMetricsCollector();
        AtomicInteger brokenCalls = new AtomicInteger();
        MetricsCollector broken = event -> {
            brokenCalls.incrementAndGet();
            throw new IllegalStateException("collector bug");
        };
        MetricsMiddleware middleware = MetricsMiddleware.builder().collector(broken).collector(memory)
                .slowQueryThreshold(Duration.ZERO).build();
        try (AsyncCluster cluster = clusterWith(cassandra, middleware)) {
            AsyncCassandraSession session = sessionWithTable(cluster);
            PreparedStatement insert = session.prepare("INSERT INTO metrics_it.kv (k, v) VALUES (?, ?)").join();
            for (int k = 0; k < 20; k++) {
                session.execute(insert, k, "v").join();
            }
            for (int k = 0; k < 10; k++) {
                session.execute("SELECT v FROM metrics_it.kv WHERE k = " + k).join();
            }
            for (int i = 0; i < 3; i++) {
                failure(session.execute("SELECT * FROM metrics_it.missing"));
            }
            failure(session.execute("SELEC oops"));
            try (AsyncStreamingResultSet stream = session.executeStream("SELECT * FROM metrics_it.kv",
                    StreamConfig.builder().fetchSize(5).build()).join()) {
                stream.forEach(row -> { }).join();
            }
            session.executeStream("SELECT * FROM metrics_it.kv", StreamConfig.builder().fetchSize(5).build())
                    .join().close();
        }
        assertThat(middleware.flush(Duration.ofSeconds(10))).isTrue();
        MetricsSnapshot snapshot = memory.snapshot();
        // 2 DDL + 1 prepare + 20 inserts + 10 selects + 4 failures + 5 pages + 1 page.
        assertThat(snapshot.totalQueries()).isEqualTo(43);
        assertThat(snapshot.failedQueries()).isEqualTo(4);
        assertThat(snapshot.errorsByType()).containsEntry("InvalidQueryException", 3L).containsEntry("SyntaxError", 1L);
        assertThat(snapshot.latencyByKind()).containsKeys(QueryKind.DDL, QueryKind.INSERT, QueryKind.SELECT);
        // 20 executions and the PREPARE of the same INSERT.
        assertThat(snapshot.latencyByKind().get(QueryKind.INSERT).count()).isEqualTo(21);
        // The ten selects differ only in a literal: one fingerprint.
        assertThat(snapshot.topQueries()).anySatisfy(top -> {
            assertThat(top.kind()).isEqualTo(QueryKind.SELECT);
            assertThat(top.count()).isEqualTo(10);
        });
        assertThat(snapshot.streamsOpened()).isEqualTo(2);
        assertThat(snapshot.streamsCompleted()).isEqualTo(1);
        assertThat(snapshot.streamsCancelled()).isEqualTo(1);
        assertThat(brokenCalls.get()).isEqualTo(43);
        assertThat(middleware.collectorFailures()).isEqualTo(43);
        assertThat(middleware.slowQueries()).isEqualTo(43);
    }

    private static AsyncCluster clusterWith(EmbeddedCassandra cassandra, MetricsMiddleware middleware) {
        return AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).metrics(middleware)
                .option("basic.request.timeout", Duration.ofSeconds(15)).build();
    }

    private static AsyncCassandraSession sessionWithTable(AsyncCluster cluster) {
        AsyncCassandraSession session = cluster.connect().join();
        session.execute("CREATE KEYSPACE IF NOT EXISTS metrics_it WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
        session.execute("CREATE TABLE IF NOT EXISTS metrics_it.kv (k int PRIMARY KEY, v text)").join();
        return session;
    }

    @Test
    void concurrencyLimitQueuesThenFailsClearlyWhenTheQueueIsFull(EmbeddedCassandra cassandra) {
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).maxConcurrentRequests(2).maxQueuedRequests(10)
                // Time in the queue counts towards the timeout: a busy machine must not turn queued into timed out.
                .option("basic.request.timeout", Duration.ofSeconds(60)).build()) {
            AsyncCassandraSession session = cluster.connect().join();
            List<CompletableFuture<AsyncResultSet>> requests = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                requests.add(session.execute("SELECT release_version FROM system.local"));
            }
            CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            long succeeded = requests.stream().filter(f -> !f.isCompletedExceptionally()).count();
            List<Throwable> errors = requests.stream().filter(CompletableFuture::isCompletedExceptionally)
                    .map(MetricsIT::failure).toList();
            assertThat(succeeded).as("succeeded; the failures were %s", errors.stream()
                    .collect(Collectors.groupingBy(Throwable::toString, Collectors.counting())))
                    .isGreaterThanOrEqualTo(12);
            assertThat(errors).isNotEmpty().allSatisfy(error -> assertThat(error)
                    .isInstanceOf(RequestThrottlingException.class).hasMessageContaining("maximum capacity"));
        }
    }

    private static Throwable failure(CompletableFuture<?> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
