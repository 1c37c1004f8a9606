package io.github.asynccassandra.benchmarks;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.spring.boot.autoconfigure.metrics.MicrometerMetricsCollector;
import io.github.asynccassandra.streaming.StreamConfig;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
import org.springframework.data.cassandra.observability.ObservableCqlSessionFactory;
import org.springframework.data.cassandra.observability.ObservationRequestTracker;

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
    /** How long each client runs in one cycle of settling. */
    static final Duration SETTLE_STEP = Duration.ofSeconds(2);
    static final Duration SETTLE_MAX = Duration.ofSeconds(300);
    static final Duration ITERATION = Duration.ofSeconds(4);
    static final int ITERATIONS = 5;
    static final int PARTITIONS = 1000;
    static final int ROWS_PER_PARTITION = 1000;
    static final int FETCH_SIZE = 1000;
    static final String STREAM_QUERY = "SELECT p, c, v FROM bench.rows";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final int LOAD_CONCURRENCY = 256;
    static final String PLAIN_SESSION = "AsyncCassandraSession (default: completes on its 2 callback threads)";
    static final String OBSERVED_SESSION = "AsyncCassandraSession + MetricsMiddleware + observations (timer handler)";
    static final String OBSERVED_NO_HANDLER_WORK =
            "AsyncCassandraSession + MetricsMiddleware + observations (a handler that does nothing)";
    /** The same observations the Spring Data way, on a driver session: for comparison with the session's. */
    static final String SPRING_DATA_OBSERVED_DRIVER = "driver + Spring Data's observations "
            + "(`ObservableCqlSessionFactory`, `ObservationRequestTracker`; a handler that does nothing)";
    static final String DRIVER = "driver alone (`CqlSession.executeAsync`)";
    static final String EXECUTE_STREAM = "`executeStream(...).forEach`";
    /** Live heap growth that still counts as bounded: the streamed rows' text alone is over 95 MB. */
    static final double BOUNDED_HEAP_GROWTH_MB = 16;

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
                 CqlSession trackedDriver = driverSession(node, "bench", ObservationRequestTracker.INSTANCE);
                 AsyncCluster plainCluster = clusterFor(node).build();
                 AsyncCluster directCluster = clusterFor(node).callbackExecutor(Runnable::run).build();
                 AsyncCluster meteredCluster = clusterFor(node).metrics(MetricsMiddleware.builder()
                         .collector(new MicrometerMetricsCollector(new SimpleMeterRegistry())).build()).build();
                 AsyncCluster observedCluster = clusterFor(node).metrics(MetricsMiddleware.builder()
                         .collector(new MicrometerMetricsCollector(new SimpleMeterRegistry())).build())
                         .observationRegistry(timedObservations()).build();
                 AsyncCluster observedIdleCluster = clusterFor(node).metrics(MetricsMiddleware.builder()
                         .collector(new MicrometerMetricsCollector(new SimpleMeterRegistry())).build())
                         .observationRegistry(idleObservations()).build();
                 ConfigurableApplicationContext starter = startStarter(node, "bench")) {
                AsyncCassandraSession plain = plainCluster.connect("bench").join();
                AsyncCassandraSession direct = directCluster.connect("bench").join();
                AsyncCassandraSession metered = meteredCluster.connect("bench").join();
                AsyncCassandraSession observed = observedCluster.connect("bench").join();
                AsyncCassandraSession observedIdle = observedIdleCluster.connect("bench").join();
                load(plain);
                List<PointClient> clients = List.of(
                        Clients.driver(DRIVER, driver),
                        Clients.wrapper(PLAIN_SESSION, plain),
                        Clients.wrapper("AsyncCassandraSession, completing on I/O threads "
                                + "(`callbackExecutor(Runnable::run)`)", direct),
                        Clients.wrapper("AsyncCassandraSession + MetricsMiddleware (Micrometer)", metered),
                        Clients.wrapper(OBSERVED_NO_HANDLER_WORK, observedIdle),
                        Clients.wrapper(OBSERVED_SESSION, observed),
                        Clients.driver(SPRING_DATA_OBSERVED_DRIVER,
                                ObservableCqlSessionFactory.wrap(trackedDriver, idleObservations())),
                        Clients.wrapper("starter beans (Micrometer, driver metrics, monitor)",
                                starter.getBean(AsyncCassandraSession.class)),
                        Clients.springDataAsync(new AsyncCassandraTemplate(driver)),
                        Clients.springDataReactive(new ReactiveCassandraTemplate(
                                new DefaultBridgedReactiveSession(driver))));
                pointWorkloads(clients, report, node.pid(1));
                streaming(driver, plain, new ReactiveCassandraTemplate(new DefaultBridgedReactiveSession(driver)),
                        report);
            }
            startup(node, report);
        }
        String markdown = report.toMarkdown();
        System.out.println(markdown);
        // The sections of the other benchmarks stay.
        ResultsFile.writeReport(output, markdown);
        System.out.println("Written to " + output.toAbsolutePath().normalize());
    }

    /** Observations as Spring Boot records them without tracing: each one times its request. */
    private static ObservationRegistry timedObservations() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
        return registry;
    }

    /** Observations that every handler ignores: what the library's own part of observing costs. */
    private static ObservationRegistry idleObservations() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(context -> true);
        return registry;
    }

    // ---- point reads and writes ----------------------------------------------------------------

    private static void pointWorkloads(List<PointClient> clients, Report report, long nodePid) throws Exception {
        for (PointClient client : clients) {
            log("warm-up " + client.name());
            LoadGenerator.run(client, 64, WARM_UP, KEYS, PAYLOAD);
        }
        // Until neither this JVM nor the node's is still compiling: the rounds then measure the clients.
        report.settled = JitSettling.settle("clients and node", () -> {
            for (PointClient client : clients) {
                LoadGenerator.run(client, 64, SETTLE_STEP, KEYS, PAYLOAD);
            }
        }, List.of(JitSettling.ownJvm(), JitSettling.jvm(nodePid)), SETTLE_MAX, Benchmarks::log).took();
        for (int concurrency : CONCURRENCY) {
            Map<PointClient, List<LoadGenerator.Result>> results = new LinkedHashMap<>();
            // Clients take turns, so drift on a busy machine touches them all alike.
            for (int i = 0; i < ITERATIONS; i++) {
                for (PointClient client : clients) {
                    LoadGenerator.Result result = LoadGenerator.run(client, concurrency, ITERATION, KEYS, PAYLOAD);
                    log(String.format("%s, %d in flight, #%d: %.0f ops/s, p99 %.2f ms, %.1f µs CPU/op", client.name(),
                            concurrency, i + 1, result.opsPerSecond(),
                            result.latencyMicros().getValueAtPercentile(99) / 1000.0, result.cpuMicrosPerOp()));
                    results.computeIfAbsent(client, c -> new ArrayList<>()).add(result);
                }
            }
            List<LoadGenerator.Result> driverRuns = results.get(clients.get(0));
            results.forEach((client, runs) -> {
                report.point.add(PointRow.of(client.name(), concurrency, runs, driverRuns));
                report.runs.put(client.name() + "@" + concurrency, runs);
            });
        }
    }

    /**
     * One client at one concurrency. Throughput: the median ops/s, and the median (with the lowest and
     * highest) of its ratio to the driver in the same round, so each ratio compares runs seconds apart.
     * Latency over every round. CPU: the client JVM's CPU time per request, median of the rounds.
     */
    record PointRow(String client, int concurrency, double opsPerSecond, double ratio, double lowestRatio,
            double highestRatio, double p50, double p99, double p999, double p99Ratio, double cpuMicrosPerOp,
            double cpuRatio, long errors) {

        static PointRow of(String client, int concurrency, List<LoadGenerator.Result> runs,
                List<LoadGenerator.Result> driverRuns) {
            double[] ratios = new double[runs.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = runs.get(i).opsPerSecond() / driverRuns.get(i).opsPerSecond();
            }
            Histogram latency = allLatencies(runs);
            double driverP99 = allLatencies(driverRuns).getValueAtPercentile(99);
            double cpu = median(runs.stream().mapToDouble(LoadGenerator.Result::cpuMicrosPerOp).toArray());
            double driverCpu = median(driverRuns.stream().mapToDouble(LoadGenerator.Result::cpuMicrosPerOp).toArray());
            return new PointRow(client, concurrency,
                    median(runs.stream().mapToDouble(LoadGenerator.Result::opsPerSecond).toArray()), median(ratios),
                    Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0),
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                    latency.getValueAtPercentile(99.9) / 1000.0, latency.getValueAtPercentile(99) / driverP99, cpu,
                    cpu / driverCpu, runs.stream().mapToLong(LoadGenerator.Result::errors).sum());
        }

        private static Histogram allLatencies(List<LoadGenerator.Result> runs) {
            Histogram all = new Histogram(3);
            runs.forEach(run -> all.add(run.latencyMicros()));
            return all;
        }
    }

    // ---- streaming -------------------------------------------------------------------------------

    private static void streaming(CqlSession driver, AsyncCassandraSession session, ReactiveCassandraTemplate reactive,
            Report report) {
        Map<String, Supplier<CompletionStage<Long>>> consumers = new LinkedHashMap<>();
        consumers.put("driver page loop (`executeAsync` + `fetchNextPage`)", () -> driverPageLoop(driver));
        consumers.put(EXECUTE_STREAM, () -> session.executeStream(STREAM_QUERY,
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
        List<double[]> driverRuns = runs.values().iterator().next();
        runs.forEach((name, measured) -> {
            double[] ratios = new double[measured.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = measured.get(i)[0] / driverRuns.get(i)[0];
            }
            report.streaming.add(new StreamRowResult(name, median(measured.stream().mapToDouble(r -> r[0]).toArray()),
                    median(ratios), Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0),
                    measured.stream().mapToDouble(r -> r[1]).max().orElse(0)));
        });
    }

    /**
     * Rows/s, the ratio to the driver's page loop in the same round (median, lowest, highest), and the
     * most the live heap grew during any round.
     */
    record StreamRowResult(String consumer, double rowsPerSecond, double ratio, double lowestRatio,
            double highestRatio, double heapGrowthMb) {
    }

    /** {rows/s, live heap growth in MB} of one full read. */
    private static double[] measureStream(String name, Supplier<CompletionStage<Long>> consumer) {
        long before = HeapWatcher.liveHeapNow();
        long rows;
        double seconds;
        double growthMb;
        int collections;
        try (HeapWatcher heap = new HeapWatcher()) {
            long started = System.nanoTime();
            rows = consumer.get().toCompletableFuture().join();
            seconds = (System.nanoTime() - started) / 1e9;
            growthMb = Math.max(0, heap.mostInUseAfterCollection() - before) / (1024.0 * 1024.0);
            collections = heap.collections();
        }
        if (rows != (long) PARTITIONS * ROWS_PER_PARTITION) {
            throw new IllegalStateException(name + " read " + rows + " rows");
        }
        log(String.format("%s: %.0f rows/s, live heap +%.1f MB (%d collections)", name, rows / seconds, growthMb,
                collections));
        return new double[] {rows / seconds, growthMb};
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
        return driverSession(node, keyspace, null);
    }

    private static CqlSession driverSession(EmbeddedCassandra node, String keyspace, RequestTracker tracker) {
        var builder = CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", node.nativePort()))
                .withLocalDatacenter(node.localDatacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, REQUEST_TIMEOUT)
                        .withInt(DefaultDriverOption.REQUEST_PAGE_SIZE, FETCH_SIZE).build());
        if (keyspace != null) {
            builder.withKeyspace(keyspace);
        }
        if (tracker != null) {
            builder.addRequestTracker(tracker);
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
        /** Each client's rounds by {@code name@concurrency}, for ratios between two clients of the same round. */
        final Map<String, List<LoadGenerator.Result>> runs = new LinkedHashMap<>();
        final List<StreamRowResult> streaming = new ArrayList<>();
        Duration settled = Duration.ZERO;
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
                    .append(ITERATIONS).append(" rounds of ").append(ITERATION.toSeconds())
                    .append(" s per client, clients taking turns, after a ").append(WARM_UP.toSeconds())
                    .append(" s warm-up each, then all of them in turns until neither the client's JVM nor the node's ")
                    .append("spent over ").append(Math.round(JitSettling.SETTLED_COMPILE_SHARE * 100))
                    .append("% of a turn in the JIT compiler (").append(settled.toSeconds()).append(" s). ")
                    .append("Ratio: median over the rounds of ops/s against the driver's in the ")
                    .append("same round (lowest–highest beside it); latency over all rounds; CPU: the client JVM's ")
                    .append("CPU time per request, median of the rounds.\n\n")
                    .append("| client | in flight | ops/s | ratio | ratio range | p50 ms | p99 ms | p99.9 ms | p99 ratio ")
                    .append("| CPU µs/op | CPU ratio | errors |\n")
                    .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (PointRow row : point) {
                out.append(String.format("| %s | %d | %.0f | %.2f | %.2f–%.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f "
                        + "| %d |%n", row.client(), row.concurrency(), row.opsPerSecond(), row.ratio(),
                        row.lowestRatio(), row.highestRatio(), row.p50(), row.p99(), row.p999(), row.p99Ratio(),
                        row.cpuMicrosPerOp(), row.cpuRatio(), row.errors()));
            }

            out.append("\n## Streaming 1,000,000 rows\n\n`int, int, text(100)` rows in ").append(PARTITIONS)
                    .append(" partitions, fetch size ").append(FETCH_SIZE).append(", ").append(ITERATIONS)
                    .append(" rounds after a warm-up: median rows/s; ratio to the driver's page loop in the same ")
                    .append("round; live heap growth: the most heap in use after any collection during a read, less ")
                    .append("the heap in use after a full collection before it (highest of the rounds).\n\n")
                    .append("| consumer | rows/s | ratio | ratio range | live heap growth MB |\n")
                    .append("| --- | ---: | ---: | ---: | ---: |\n");
            for (StreamRowResult row : streaming) {
                out.append(String.format("| %s | %.0f | %.2f | %.2f–%.2f | %.1f |%n", row.consumer(),
                        row.rowsPerSecond(), row.ratio(), row.lowestRatio(), row.highestRatio(), row.heapGrowthMb()));
            }

            out.append("\n## Start-up\n\nFrom starting to the first successful query (`SELECT release_version FROM ")
                    .append("system.local`), median of ").append(ITERATIONS).append(" after a warm-up.\n\n")
                    .append("| | ms | ratio |\n| --- | ---: | ---: |\n")
                    .append(String.format("| driver: `CqlSession.builder().build()` + query | %.0f | 1.00 |%n",
                            startupDriverMs))
                    .append(String.format("| starter: Spring context (starter, Micrometer) + query | %.0f | %.2f |%n",
                            startupStarterMs, startupStarterMs / startupDriverMs));
            out.append(targets());
            return out.toString();
        }

        /** The issue's targets, each with the figure that decides it. */
        private String targets() {
            StringBuilder out = new StringBuilder("\n## Targets\n\n| target | measured | met |\n| --- | --- | --- |\n");
            for (int concurrency : new int[] {64, 512}) {
                PointRow session = pointRow(PLAIN_SESSION, concurrency);
                target(out, "`AsyncCassandraSession` ≥ 0.97× the driver's ops/s at " + concurrency + " in flight",
                        medianAndRange(session.ratio(), session.lowestRatio(), session.highestRatio()),
                        session.ratio() >= 0.97);
                target(out, "its p99 within 5% of the driver's at " + concurrency + " in flight",
                        String.format("%.2f", session.p99Ratio()), session.p99Ratio() <= 1.05);
            }
            for (int concurrency : new int[] {64, 512}) {
                for (String observed : List.of(OBSERVED_SESSION, OBSERVED_NO_HANDLER_WORK)) {
                    double[] ratios = roundRatios(observed, PLAIN_SESSION, concurrency);
                    target(out, "metrics and observations (" + observed.substring(observed.indexOf('(') + 1,
                            observed.length() - 1) + ") ≥ 0.97× the plain session's ops/s at " + concurrency
                            + " in flight", medianAndRange(ratios), median(ratios) >= 0.97);
                }
            }
            for (int concurrency : new int[] {64, 512}) {
                // Not a target: what observing every request costs the Spring Data way, for comparison.
                target(out, "for reference, not a target: Spring Data's observations (a handler that does nothing) "
                        + "against the driver alone at " + concurrency + " in flight",
                        medianAndRange(roundRatios(SPRING_DATA_OBSERVED_DRIVER, DRIVER, concurrency)), null);
            }
            StreamRowResult stream = streaming.stream().filter(row -> row.consumer().equals(EXECUTE_STREAM))
                    .findFirst().orElseThrow();
            target(out, "`executeStream` ≥ 0.95× the driver's page loop",
                    medianAndRange(stream.ratio(), stream.lowestRatio(), stream.highestRatio()),
                    stream.ratio() >= 0.95);
            target(out, String.format("`executeStream`'s heap bounded by the page size (live growth ≤ %.0f MB)",
                    BOUNDED_HEAP_GROWTH_MB), String.format("+%.1f MB", stream.heapGrowthMb()),
                    stream.heapGrowthMb() <= BOUNDED_HEAP_GROWTH_MB);
            for (int concurrency : CONCURRENCY) {
                PointRow session = pointRow(PLAIN_SESSION, concurrency);
                PointRow springData = point.stream().filter(row -> row.concurrency() == concurrency
                        && row.client().startsWith("Spring Data")).max(Comparator.comparingDouble(PointRow::ratio))
                        .orElseThrow();
                target(out, "`AsyncCassandraSession` at least as fast as Spring Data at " + concurrency
                        + " in flight", String.format("%.2f against %.2f", session.ratio(), springData.ratio()),
                        session.ratio() >= springData.ratio());
            }
            StreamRowResult flux = streaming.stream().filter(row -> row.consumer().startsWith("Spring Data"))
                    .findFirst().orElseThrow();
            target(out, "`executeStream` at least as fast as Spring Data's `Flux`",
                    String.format("%.2f against %.2f", stream.ratio(), flux.ratio()), stream.ratio() >= flux.ratio());
            return out.toString();
        }

        /** Ops/s of {@code client} over {@code base}'s, round by round. */
        private double[] roundRatios(String client, String base, int concurrency) {
            List<LoadGenerator.Result> clientRuns = runs.get(client + "@" + concurrency);
            List<LoadGenerator.Result> baseRuns = runs.get(base + "@" + concurrency);
            double[] ratios = new double[clientRuns.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = clientRuns.get(i).opsPerSecond() / baseRuns.get(i).opsPerSecond();
            }
            return ratios;
        }

        /** The median of the rounds' ratios, with the lowest and highest beside it. */
        private static String medianAndRange(double[] ratios) {
            return medianAndRange(median(ratios), Arrays.stream(ratios).min().orElse(0),
                    Arrays.stream(ratios).max().orElse(0));
        }

        private static String medianAndRange(double median, double lowest, double highest) {
            return String.format("%.2f (rounds %.2f–%.2f)", median, lowest, highest);
        }

        private PointRow pointRow(String client, int concurrency) {
            return point.stream().filter(row -> row.client().equals(client) && row.concurrency() == concurrency)
                    .findFirst().orElseThrow();
        }

        /** @param met whether the target is met, or {@code null} for a reference figure that is no target */
        private static void target(StringBuilder out, String target, String measured, Boolean met) {
            out.append("| ").append(target).append(" | ").append(measured).append(" | ")
                    .append(met == null ? "–" : met ? "yes" : "**no**").append(" |\n");
        }
    }
}
