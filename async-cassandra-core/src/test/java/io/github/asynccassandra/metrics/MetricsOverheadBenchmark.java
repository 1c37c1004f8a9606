package io.github.asynccassandra.metrics;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Throughput of prepared point reads at 64 in flight, with and without {@code MetricsMiddleware} and
 * the in-memory collector, alternately on one embedded node. Not part of the test run:
 * {@code ./mvnw -B -pl async-cassandra-core -am verify -Pbenchmarks}.
 */
class MetricsOverheadBenchmark {

    static final int IN_FLIGHT = 64;
    static final Duration ROUND = Duration.ofSeconds(10);
    static final int ROUNDS = 5;

    @Test
    void middlewareOverhead() throws Exception {
        try (EmbeddedCassandra cassandra = EmbeddedCassandra.builder().nativePort(0).storagePort(0).build().start();
             AsyncCluster plain = cluster(cassandra, null);
             AsyncCluster measured = cluster(cassandra, new MetricsMiddleware(new InMemoryMetricsCollector()))) {
            AsyncCassandraSession plainSession = plain.connect().join();
            plainSession.execute("CREATE KEYSPACE IF NOT EXISTS bench WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
            plainSession.execute("CREATE TABLE IF NOT EXISTS bench.kv (k int PRIMARY KEY, v text)").join();
            PreparedStatement insert = plainSession.prepare("INSERT INTO bench.kv (k, v) VALUES (?, ?)").join();
            for (int k = 0; k < 1000; k++) {
                plainSession.execute(insert, k, "x".repeat(1000)).join();
            }
            AsyncCassandraSession measuredSession = measured.connect().join();
            run(plainSession, Duration.ofSeconds(5));
            run(measuredSession, Duration.ofSeconds(5));
            double[] without = new double[ROUNDS];
            double[] with = new double[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                without[i] = run(plainSession, ROUND);
                with[i] = run(measuredSession, ROUND);
                System.out.printf("round %d: no middleware %,.0f ops/s, with middleware %,.0f ops/s%n", i + 1,
                        without[i], with[i]);
            }
            double a = median(without);
            double b = median(with);
            String report = "# Metrics middleware overhead\n\n"
                    + "Prepared point reads (1 KB rows) at " + IN_FLIGHT + " in flight, one embedded Cassandra "
                    + cassandra.version() + " node on the same machine, " + ROUNDS + " alternating rounds of "
                    + ROUND.toSeconds() + " s after a warm-up; median ops/s.\n\n"
                    + "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                    + System.getProperty("java.version") + ", " + LocalDate.now() + ".\n\n"
                    + "| session | ops/s (median) | ratio |\n| --- | --- | --- |\n"
                    + "| no middleware | " + Math.round(a) + " | 1.00 |\n"
                    + "| `MetricsMiddleware` + `InMemoryMetricsCollector` | " + Math.round(b) + " | "
                    + String.format("%.3f", b / a) + " |\n\n"
                    + "Target: under 3% throughput loss (ratio at least 0.970).\n";
            System.out.println(report);
            Path target = Path.of("..", "benchmarks", "METRICS.md");
            if (Files.isDirectory(target.getParent())) {
                Files.writeString(target, report);
            }
        }
    }

    private static AsyncCluster cluster(EmbeddedCassandra cassandra, MetricsMiddleware metrics) {
        AsyncCluster.Builder builder = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter("datacenter1").option("basic.request.timeout", Duration.ofSeconds(30));
        if (metrics != null) {
            builder.metrics(metrics);
        }
        return builder.build();
    }

    private static double run(AsyncCassandraSession session, Duration duration) throws InterruptedException {
        PreparedStatement select = session.prepare("SELECT v FROM bench.kv WHERE k = ?").join();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        int k = 0;
        while (System.nanoTime() < end) {
            inFlight.acquire();
            CompletableFuture<?> request = session.execute(select, k++ % 1000);
            request.whenComplete((r, e) -> {
                done.incrementAndGet();
                inFlight.release();
            });
        }
        inFlight.acquire(IN_FLIGHT);
        inFlight.release(IN_FLIGHT);
        return done.get() / ((System.nanoTime() - started) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
