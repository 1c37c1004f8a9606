package io.github.asynccassandra.benchmarks;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.spring.boot.autoconfigure.metrics.MicrometerMetricsCollector;
import io.github.asynccassandra.streaming.StreamConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.cassandra.core.AsyncCassandraTemplate;
import org.springframework.data.cassandra.core.ReactiveCassandraTemplate;
import org.springframework.data.cassandra.core.cql.session.DefaultBridgedReactiveSession;
import org.springframework.data.cassandra.core.query.Query;

/**
 * Measures async-cassandra against the driver alone and against Spring Data Cassandra, on one embedded
 * node, in one run, and writes {@code RESULTS.md}: point reads and writes at 1, 64 and 512 requests in
 * flight; streaming 1,000,000 rows; start-up to the first query. Every figure is also given as a
 * ratio to the driver alone measured in the same run: absolute numbers on a shared machine are noise.
 */
public final class Benchmarks {

    static final int KEYS = 10_000;
    static final String PAYLOAD = "x".repeat(1000);
    static final int[] CONCURRENCY = {1, 64, 512};
    static final Duration WARM_UP = Duration.ofSeconds(10);
    static final Duration ITERATION = Duration.ofSeconds(5);
    static final int ITERATIONS = 3;
    static final int PARTITIONS = 1000;
    static final int ROWS_PER_PARTITION = 1000;
    static final int FETCH_SIZE = 1000;
    static final String STREAM_QUERY = "SELECT p, c, v FROM bench.rows";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final int LOAD_CONCURRENCY = 256;

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "RESULTS.md");
        Report report = new Report();
        try (EmbeddedCassandra node = EmbeddedCassandra.builder().nativePort(0).storagePort(0).heap("1g").build()
                .start()) {
            report.cassandraVersion = node.version();
            try (CqlSession driver = driverSession(node, null)) {
                createSchema(driver);
            }
            try (CqlSession driver = driverSession(node, "bench");
                 AsyncCluster plainCluster = clusterFor(node).build();
                 AsyncCluster directCluster = clusterFor(node).callbackExecutor(Runnable::run).build();
                 AsyncCluster meteredCluster = clusterFor(node).metrics(MetricsMiddleware.builder()
                         .collector(new MicrometerMetricsCollector(new SimpleMeterRegistry())).build()).build();
                 ConfigurableApplicationContext starter = startStarter(node, "bench")) {
                AsyncCassandraSession plain = plainCluster.connect("bench").join();
                AsyncCassandraSession direct = directCluster.connect("bench").join();
                AsyncCassandraSession metered = meteredCluster.connect("bench").join();
                load(plain);
                List<PointClient> clients = List.of(
                        Clients.driver(driver),
                        Clients.wrapper("AsyncCassandraSession (default: completes on its 2 callback threads)", plain),
                        Clients.wrapper("AsyncCassandraSession, completing on I/O threads "
                                + "(`callbackExecutor(Runnable::run)`)", direct),
                        Clients.wrapper("AsyncCassandraSession + MetricsMiddleware (Micrometer)", metered),
                        Clients.wrapper("starter beans (Micrometer, driver metrics, monitor)",
                                starter.getBean(AsyncCassandraSession.class)),
                        Clients.springDataAsync(new AsyncCassandraTemplate(driver)),
                        Clients.springDataReactive(new ReactiveCassandraTemplate(
                                new DefaultBridgedReactiveSession(driver))));
                pointWorkloads(clients, report);
                streaming(driver, plain, new ReactiveCassandraTemplate(new DefaultBridgedReactiveSession(driver)),
                        report);
            }
            startup(node, report);
        }
        String markdown = report.toMarkdown();
        System.out.println(markdown);
        Files.writeString(output, markdown);
        System.out.println("Written to " + output.toAbsolutePath().normalize());
    }

    // ---- point reads and writes ----------------------------------------------------------------

    private static void pointWorkloads(List<PointClient> clients, Report report) throws InterruptedException {
        for (PointClient client : clients) {
            log("warm-up " + client.name());
            LoadGenerator.run(client, 64, WARM_UP, KEYS, PAYLOAD);
        }
        for (int concurrency : CONCURRENCY) {
            Map<PointClient, List<LoadGenerator.Result>> results = new LinkedHashMap<>();
            // Clients take turns, so drift on a busy machine touches them all alike.
            for (int i = 0; i < ITERATIONS; i++) {
                for (PointClient client : clients) {
                    LoadGenerator.Result result = LoadGenerator.run(client, concurrency, ITERATION, KEYS, PAYLOAD);
                    log(String.format("%s, %d in flight, #%d: %.0f ops/s, p99 %.2f ms", client.name(), concurrency,
                            i + 1, result.opsPerSecond(), result.latencyMicros().getValueAtPercentile(99) / 1000.0));
                    results.computeIfAbsent(client, c -> new ArrayList<>()).add(result);
                }
            }
            results.forEach((client, runs) -> report.point.add(PointRow.of(client.name(), concurrency, runs)));
        }
    }

    /** One client at one concurrency: median throughput, latency over every iteration. */
    record PointRow(String client, int concurrency, double opsPerSecond, double p50, double p99, double p999,
            long errors) {

        static PointRow of(String client, int concurrency, List<LoadGenerator.Result> runs) {
            Histogram all = new Histogram(3);
            runs.forEach(run -> all.add(run.latencyMicros()));
            double[] rates = runs.stream().mapToDouble(LoadGenerator.Result::opsPerSecond).toArray();
            return new PointRow(client, concurrency, median(rates), all.getValueAtPercentile(50) / 1000.0,
                    all.getValueAtPercentile(99) / 1000.0, all.getValueAtPercentile(99.9) / 1000.0,
                    runs.stream().mapToLong(LoadGenerator.Result::errors).sum());
        }
    }

    // ---- streaming -------------------------------------------------------------------------------

    private static void streaming(CqlSession driver, AsyncCassandraSession session, ReactiveCassandraTemplate reactive,
            Report report) {
        Map<String, Supplier<CompletionStage<Long>>> consumers = new LinkedHashMap<>();
        consumers.put("driver page loop (`executeAsync` + `fetchNextPage`)", () -> driverPageLoop(driver));
        consumers.put("`executeStream(...).forEach`", () -> session.executeStream(STREAM_QUERY,
                StreamConfig.builder().fetchSize(FETCH_SIZE).build()).thenCompose(rows -> rows.forEach(row -> {
                    row.getString(2);
                })));
        consumers.put("Spring Data `ReactiveCassandraTemplate.select` (`Flux`)",
                () -> reactive.select(Query.empty(), StreamRow.class).count().toFuture());
        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        consumers.forEach((name, consumer) -> measureStream("warm-up " + name, consumer));
        for (int i = 0; i < ITERATIONS; i++) {
            for (Map.Entry<String, Supplier<CompletionStage<Long>>> consumer : consumers.entrySet()) {
                double[] run = measureStream(consumer.getKey() + " #" + (i + 1), consumer.getValue());
                runs.computeIfAbsent(consumer.getKey(), k -> new ArrayList<>()).add(run);
            }
        }
        runs.forEach((name, measured) -> report.streaming.add(new StreamRowResult(name,
                median(measured.stream().mapToDouble(r -> r[0]).toArray()),
                (long) measured.stream().mapToDouble(r -> r[1]).max().orElse(0))));
    }

    record StreamRowResult(String consumer, double rowsPerSecond, long peakHeapMb) {
    }

    /** {rows/s, peak heap MB} of one full read. */
    private static double[] measureStream(String name, Supplier<CompletionStage<Long>> consumer) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long started = System.nanoTime();
        long rows = consumer.get().toCompletableFuture().join();
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / (1024 * 1024);
        if (rows != (long) PARTITIONS * ROWS_PER_PARTITION) {
            throw new IllegalStateException(name + " read " + rows + " rows");
        }
        log(String.format("%s: %.0f rows/s, peak heap %d MB", name, rows / seconds, peak));
        return new double[] {rows / seconds, peak};
    }

    private static CompletionStage<Long> driverPageLoop(CqlSession driver) {
        return driver.executeAsync(SimpleStatement.newInstance(STREAM_QUERY).setPageSize(FETCH_SIZE))
                .thenCompose(page -> consume(page, 0));
    }

    private static CompletionStage<Long> consume(AsyncResultSet page, long counted) {
        long rows = counted;
        for (Row row : page.currentPage()) {
            row.getString(2);
            rows++;
        }
        if (!page.hasMorePages()) {
            return CompletableFuture.completedFuture(rows);
        }
        long soFar = rows;
        return page.fetchNextPage().thenCompose(next -> consume(next, soFar));
    }

    // ---- start-up ----------------------------------------------------------------------------------

    private static void startup(EmbeddedCassandra node, Report report) {
        measureStartup("warm-up starter", () -> starterStartup(node));
        measureStartup("warm-up driver", () -> driverStartup(node));
        double[] starter = new double[ITERATIONS];
        double[] driver = new double[ITERATIONS];
        for (int i = 0; i < ITERATIONS; i++) {
            starter[i] = measureStartup("starter #" + (i + 1), () -> starterStartup(node));
            driver[i] = measureStartup("driver #" + (i + 1), () -> driverStartup(node));
        }
        report.startupStarterMs = median(starter);
        report.startupDriverMs = median(driver);
    }

    private static double measureStartup(String name, Runnable start) {
        long started = System.nanoTime();
        start.run();
        double millis = (System.nanoTime() - started) / 1e6;
        log(String.format("start-up %s: %.0f ms", name, millis));
        return millis;
    }

    private static void starterStartup(EmbeddedCassandra node) {
        try (ConfigurableApplicationContext context = startStarter(node, null)) {
            context.getBean(AsyncCassandraSession.class).execute("SELECT release_version FROM system.local").join();
        }
    }

    private static void driverStartup(EmbeddedCassandra node) {
        try (CqlSession session = driverSession(node, null)) {
            session.execute("SELECT release_version FROM system.local");
        }
    }

    /** An application with nothing but auto-configuration: the starter and Micrometer. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class StarterApplication {
    }

    private static ConfigurableApplicationContext startStarter(EmbeddedCassandra node, String keyspace) {
        SpringApplication application = new SpringApplication(StarterApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("async-cassandra.contact-points", "127.0.0.1");
        properties.put("async-cassandra.port", node.nativePort());
        properties.put("async-cassandra.local-datacenter", node.localDatacenter());
        properties.put("async-cassandra.request.timeout", REQUEST_TIMEOUT.toString());
        properties.put("logging.level.root", "WARN");
        if (keyspace != null) {
            properties.put("async-cassandra.keyspace", keyspace);
        }
        application.setDefaultProperties(properties);
        return application.run();
    }

    // ---- set-up ------------------------------------------------------------------------------------

    private static CqlSession driverSession(EmbeddedCassandra node, String keyspace) {
        var builder = CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", node.nativePort()))
                .withLocalDatacenter(node.localDatacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, REQUEST_TIMEOUT)
                        .withInt(DefaultDriverOption.REQUEST_PAGE_SIZE, FETCH_SIZE).build());
        if (keyspace != null) {
            builder.withKeyspace(keyspace);
        }
        return builder.build();
    }

    private static AsyncCluster.Builder clusterFor(EmbeddedCassandra node) {
        return AsyncCluster.builder().contactPoints("127.0.0.1").port(node.nativePort())
                .localDatacenter(node.localDatacenter()).option("basic.request.timeout", REQUEST_TIMEOUT);
    }

    private static void createSchema(CqlSession driver) {
        SimpleStatement[] ddl = {
            SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS bench WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}"),
            SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS bench.kv (id int PRIMARY KEY, payload text)"),
            SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS bench.rows (p int, c int, v text, "
                    + "PRIMARY KEY (p, c))")};
        Arrays.stream(ddl).forEach(statement -> driver.execute(statement.setTimeout(REQUEST_TIMEOUT)));
    }

    private static void load(AsyncCassandraSession session) throws InterruptedException {
        log("loading " + KEYS + " rows of 1 KB and " + PARTITIONS * ROWS_PER_PARTITION + " stream rows");
        PreparedStatement kv = session.prepare("INSERT INTO bench.kv (id, payload) VALUES (?, ?)").join();
        PreparedStatement rows = session.prepare("INSERT INTO bench.rows (p, c, v) VALUES (?, ?, ?)").join();
        String value = "v".repeat(100);
        // Bounded by permits, not by a list of a million futures, so loading fits the benchmark's heap.
        Semaphore inFlight = new Semaphore(LOAD_CONCURRENCY);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int key = 0; key < KEYS && failure.get() == null; key++) {
            inFlight.acquire();
            track(session.execute(kv, key, PAYLOAD), inFlight, failure);
        }
        for (int p = 0; p < PARTITIONS && failure.get() == null; p++) {
            for (int c = 0; c < ROWS_PER_PARTITION; c++) {
                inFlight.acquire();
                track(session.execute(rows, p, c, value), inFlight, failure);
            }
        }
        inFlight.acquire(LOAD_CONCURRENCY);
        if (failure.get() != null) {
            throw new IllegalStateException("Loading the benchmark data failed", failure.get());
        }
    }

    private static void track(CompletableFuture<?> write, Semaphore inFlight, AtomicReference<Throwable> failure) {
        write.whenComplete((ignored, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
            inFlight.release();
        });
    }

    // ---- report ------------------------------------------------------------------------------------

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static void log(String line) {
        System.out.println("[benchmark] " + line);
    }

    /** Everything measured, and how it is written. */
    static final class Report {

        String cassandraVersion;
        final List<PointRow> point = new ArrayList<>();
        final List<StreamRowResult> streaming = new ArrayList<>();
        double startupStarterMs;
        double startupDriverMs;

        String toMarkdown() {
            StringBuilder out = new StringBuilder("# Benchmarks: async-cassandra, the driver, Spring Data Cassandra\n\n");
            var os = ManagementFactory.getOperatingSystemMXBean();
            long memoryGb = os instanceof com.sun.management.OperatingSystemMXBean sun
                    ? Math.round(sun.getTotalMemorySize() / 1e9) : -1;
            out.append("- Date: ").append(LocalDate.now()).append('\n')
                    .append("- Machine: ").append(os.getAvailableProcessors()).append(" cores, ").append(memoryGb)
                    .append(" GB, ").append(os.getName()).append(' ').append(os.getVersion()).append(", Java ")
                    .append(System.getProperty("java.version")).append(" (client -Xmx")
                    .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append("m)\n")
                    .append("- Versions: Cassandra ").append(cassandraVersion).append(" (one embedded node, 1 GB heap, "
                            + "same machine), driver ").append(CqlSession.OSS_DRIVER_COORDINATES.getVersion())
                    .append(", Spring Boot ").append(SpringBootVersion.getVersion()).append(", Spring Data Cassandra ")
                    .append(AsyncCassandraTemplate.class.getPackage().getImplementationVersion()).append('\n')
                    .append("- Command: `./mvnw -B -Pbenchmarks -pl benchmarks -am verify -DskipTests`\n\n")
                    .append("Ratios are to the driver alone, measured in the same run; absolute figures on a shared ")
                    .append("2-core machine that also runs the Cassandra node are noise.\n\n");

            out.append("## Point reads and writes\n\nPrepared INSERT and SELECT by key, half each, of 1 KB rows over ")
                    .append(KEYS).append(" keys; a closed loop holding 1, 64 or 512 requests in flight. ")
                    .append(ITERATIONS).append(" iterations of ").append(ITERATION.toSeconds())
                    .append(" s per client, clients taking turns, after a ").append(WARM_UP.toSeconds())
                    .append(" s warm-up each: median ops/s, latency over all iterations.\n\n")
                    .append("| client | in flight | ops/s | ratio | p50 ms | p99 ms | p99.9 ms | p99 ratio | errors |\n")
                    .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (PointRow row : point) {
                PointRow base = point.stream().filter(r -> r.concurrency() == row.concurrency()).findFirst()
                        .orElseThrow();
                out.append(String.format("| %s | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %d |%n", row.client(),
                        row.concurrency(), row.opsPerSecond(), row.opsPerSecond() / base.opsPerSecond(), row.p50(),
                        row.p99(), row.p999(), row.p99() / base.p99(), row.errors()));
            }

            out.append("\n## Streaming 1,000,000 rows\n\n`int, int, text(100)` rows in ").append(PARTITIONS)
                    .append(" partitions, fetch size ").append(FETCH_SIZE).append(", ").append(ITERATIONS)
                    .append(" iterations after a warm-up: median rows/s, highest peak heap of the client JVM.\n\n")
                    .append("| consumer | rows/s | ratio | peak heap MB |\n| --- | ---: | ---: | ---: |\n");
            double baseRate = streaming.get(0).rowsPerSecond();
            for (StreamRowResult row : streaming) {
                out.append(String.format("| %s | %.0f | %.2f | %d |%n", row.consumer(), row.rowsPerSecond(),
                        row.rowsPerSecond() / baseRate, row.peakHeapMb()));
            }

            out.append("\n## Start-up\n\nFrom starting to the first successful query (`SELECT release_version FROM ")
                    .append("system.local`), median of ").append(ITERATIONS).append(" after a warm-up.\n\n")
                    .append("| | ms | ratio |\n| --- | ---: | ---: |\n")
                    .append(String.format("| driver: `CqlSession.builder().build()` + query | %.0f | 1.00 |%n",
                            startupDriverMs))
                    .append(String.format("| starter: Spring context (starter, Micrometer) + query | %.0f | %.2f |%n",
                            startupStarterMs, startupStarterMs / startupDriverMs));
            return out.toString();
        }
    }
}
