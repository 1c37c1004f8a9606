package io.github.asynccassandra.streaming;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Streams 1,000,000 rows with {@code executeStream} and with the driver's own page loop
 * ({@code executeAsync}/{@code fetchNextPage}), alternately, on one embedded node, and prints rows/s
 * and peak heap. Not part of the test run: {@code ./mvnw -B -pl async-cassandra-core -am verify -Pbenchmarks}.
 */
class StreamingBenchmark {

    static final int ROWS = 1_000_000;
    static final int FETCH_SIZE = 1000;
    static final int ITERATIONS = 3;
    static final String QUERY = "SELECT p, c, v FROM bench.rows";

    @Test
    void streamOneMillionRows() throws Exception {
        try (EmbeddedCassandra cassandra = EmbeddedCassandra.builder().nativePort(0).storagePort(0).build().start();
             AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                     .localDatacenter("datacenter1").option("basic.request.timeout", Duration.ofSeconds(30)).build()) {
            AsyncCassandraSession session = cluster.connect().join();
            load(session);
            CqlSession driver = session.getDriverSession();
            List<String> lines = new ArrayList<>();
            measure("warm-up driver page loop", () -> driverPageLoop(driver));
            measure("warm-up executeStream", () -> executeStream(session));
            double[] driverRates = new double[ITERATIONS];
            double[] streamRates = new double[ITERATIONS];
            long driverHeap = 0;
            long streamHeap = 0;
            for (int i = 0; i < ITERATIONS; i++) {
                Result d = measure("driver page loop #" + (i + 1), () -> driverPageLoop(driver));
                Result s = measure("executeStream #" + (i + 1), () -> executeStream(session));
                driverRates[i] = d.rowsPerSecond;
                streamRates[i] = s.rowsPerSecond;
                driverHeap = Math.max(driverHeap, d.peakHeapMb);
                streamHeap = Math.max(streamHeap, s.peakHeapMb);
            }
            double driverMedian = median(driverRates);
            double streamMedian = median(streamRates);
            lines.add("| driver page loop (`executeAsync` + `fetchNextPage`) | " + Math.round(driverMedian)
                    + " | 1.00 | " + driverHeap + " |");
            lines.add("| `executeStream(...).forEach` | " + Math.round(streamMedian) + " | "
                    + String.format("%.2f", streamMedian / driverMedian) + " | " + streamHeap + " |");
            String report = "# Streaming benchmark\n\n"
                    + "1,000,000 rows (`int, int, text(100)`), fetch size " + FETCH_SIZE + ", one embedded Cassandra "
                    + cassandra.version() + " node on the same machine, " + ITERATIONS
                    + " alternating iterations after one warm-up each; median rows/s, max peak heap of the client JVM "
                    + "(" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max heap).\n\n"
                    + "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                    + System.getProperty("java.version") + ", " + LocalDate.now() + ".\n\n"
                    + "| consumer | rows/s (median) | ratio to driver | peak heap MB |\n| --- | --- | --- | --- |\n"
                    + String.join("\n", lines) + "\n";
            System.out.println(report);
            Path target = Path.of("..", "benchmarks", "STREAMING.md");
            if (Files.isDirectory(target.getParent())) {
                Files.writeString(target, report);
            }
        }
    }

    private static void load(AsyncCassandraSession session) throws InterruptedException {
        session.execute("CREATE KEYSPACE IF NOT EXISTS bench WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
        session.execute("CREATE TABLE IF NOT EXISTS bench.rows (p int, c int, v text, PRIMARY KEY (p, c))").join();
        PreparedStatement insert = session.prepare("INSERT INTO bench.rows (p, c, v) VALUES (?, ?, ?)").join();
        String value = "v".repeat(100);
        Semaphore inFlight = new Semaphore(256);
        for (int i = 0; i < ROWS; i++) {
            inFlight.acquire();
            session.execute(insert, i / 1000, i % 1000, value).whenComplete((r, e) -> inFlight.release());
        }
        inFlight.acquire(256);
        inFlight.release(256);
    }

    record Result(double rowsPerSecond, long peakHeapMb) {
    }

    interface Run {
        long rows() throws Exception;
    }

    private static Result measure(String name, Run run) throws Exception {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long started = System.nanoTime();
        long rows = run.rows();
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
        if (rows != ROWS) {
            throw new IllegalStateException(name + " read " + rows + " rows, expected " + ROWS);
        }
        Result result = new Result(rows / seconds, peak);
        System.out.printf("%-28s %,10.0f rows/s  peak heap %4d MB%n", name, result.rowsPerSecond, peak);
        return result;
    }

    private static long consume(Row row, AtomicLong sum) {
        sum.addAndGet(row.getInt(1));
        return 1;
    }

    private static long driverPageLoop(CqlSession driver) {
        AtomicLong sum = new AtomicLong();
        AtomicLong rows = new AtomicLong();
        CompletableFuture<Long> done = new CompletableFuture<>();
        driverPage(driver.executeAsync(SimpleStatement.newInstance(QUERY).setPageSize(FETCH_SIZE)), rows, sum, done);
        return done.join();
    }

    private static void driverPage(CompletionStage<AsyncResultSet> stage, AtomicLong rows, AtomicLong sum,
            CompletableFuture<Long> done) {
        stage.whenComplete((page, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            for (Row row : page.currentPage()) {
                rows.addAndGet(consume(row, sum));
            }
            if (page.hasMorePages()) {
                driverPage(page.fetchNextPage(), rows, sum, done);
            } else {
                done.complete(rows.get());
            }
        });
    }

    private static long executeStream(AsyncCassandraSession session) {
        AtomicLong sum = new AtomicLong();
        try (AsyncStreamingResultSet stream = session.executeStream(QUERY,
                StreamConfig.builder().fetchSize(FETCH_SIZE).build()).join()) {
            return stream.forEach(row -> consume(row, sum)).join();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

}
