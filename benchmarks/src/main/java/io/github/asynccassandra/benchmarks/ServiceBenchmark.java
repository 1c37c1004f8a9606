package io.github.asynccassandra.benchmarks;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The same users service two ways, over HTTP, on one embedded node, in one run: the sample app (its
 * packaged jar, on this starter) and the idiomatic Spring Data variant ({@code SpringDataUsersApplication}),
 * each in a JVM of its own. Workloads {@code GET /users/{id}}, {@code POST /users} and a 10,000-row NDJSON
 * export, at 1, 64 and 256 requests in flight (a closed loop of {@link HttpClient} requests), the two
 * variants taking turns in rounds. Reports requests/s, latency and the server JVM's CPU per request.
 */
public final class ServiceBenchmark {

    static final String SECTION = "## Service";
    static final int USERS = 10_000;
    static final int ROUNDS = Integer.getInteger("service.rounds", 9);
    static final Duration RUN = Duration.ofSeconds(Integer.getInteger("service.seconds", 4));
    /** How long each workload runs in one cycle of {@link #settle}. */
    static final Duration SETTLE_STEP = Duration.ofSeconds(3);
    /** The longest {@link #settle} runs for one variant; the report says when it was not enough. */
    static final Duration SETTLE_MAX = Duration.ofSeconds(Integer.getInteger("service.settleSeconds", 300));
    static final int[] CONCURRENCY = {1, 64, 256};
    static final String SAMPLE = "sample app (this starter, `AsyncCassandraSession`)";
    static final String SPRING_DATA = "Spring Data (`ReactiveCassandraRepository`)";
    /**
     * Arguments added to the sample app's command line, such as
     * {@code --management.observations.enable.cassandra.query=false} to measure it without its
     * per-request observations; printed with the results.
     */
    static final List<String> SAMPLE_ARGS = System.getProperty("service.sampleArgs", "").isBlank() ? List.of()
            : List.of(System.getProperty("service.sampleArgs").trim().split("\\s+"));

    private ServiceBenchmark() {
    }

    /** One workload: a request to send given the service's base URI, and the concurrencies it runs at. */
    record Workload(String name, Function<URI, HttpRequest> request, int[] concurrency, int settleConcurrency) {
    }

    /**
     * Exports run at 1 and 64 in flight only: at 256 concurrent 10,000-row exports the Spring Data
     * variant (512 MB heap) still had requests in flight two minutes after a 4 s run, in the first run of
     * this benchmark, and stalled the run.
     */
    static final int[] EXPORT_CONCURRENCY = {1, 64};

    /** One measured run of one variant. */
    record Run(double requestsPerSecond, Histogram latencyMicros, long errors, double serverCpuMicrosPerRequest,
            double nodeCpuMicrosPerRequest) {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]);
        Path sampleJar = Path.of(args[1]);
        if (!Files.isRegularFile(sampleJar)) {
            throw new IllegalStateException("No sample app jar at " + sampleJar + ": build it with "
                    + "-pl benchmarks,async-cassandra-sample-app -am");
        }
        Map<String, Map<String, List<Run>>> results = new LinkedHashMap<>();
        Map<String, JitSettling.Settled> settled = new LinkedHashMap<>();
        String version;
        try (EmbeddedCassandra node = EmbeddedCassandra.builder().nativePort(0).storagePort(0).heap("1g").build()
                .start()) {
            version = node.version();
            ProcessHandle nodeProcess = ProcessHandle.of(node.pid(1)).orElseThrow();
            String contactPoint = "127.0.0.1:" + node.nativePort();
            List<String> sampleLaunch = new ArrayList<>(List.of("-jar", sampleJar.toString(),
                    "--async-cassandra.request.timeout=15s", "--logging.level.root=WARN"));
            sampleLaunch.addAll(SAMPLE_ARGS);
            Service sample = Service.start(SAMPLE, sampleLaunch,
                    Map.of("CASSANDRA_CONTACT_POINTS", contactPoint, "CASSANDRA_LOCAL_DATACENTER",
                            node.localDatacenter()), "/actuator/health");
            List<UUID> ids = new ArrayList<>(USERS);
            Service springData;
            try {
                ids.addAll(seed(contactPoint, node.localDatacenter()));
            } catch (RuntimeException | InterruptedException e) {
                sample.close();
                throw e;
            }
            try {
                springData = startSpringData(contactPoint, node.localDatacenter(), ids.get(0));
            } catch (Exception e) {
                sample.close();
                throw e;
            }
            try {
                List<Workload> workloads = List.of(
                        new Workload("GET /users/{id}", base -> HttpRequest.newBuilder(base.resolve("/users/"
                                + ids.get(ThreadLocalRandom.current().nextInt(ids.size())))).build(), CONCURRENCY, 64),
                        new Workload("NDJSON export of " + String.format("%,d", USERS) + " users",
                                base -> HttpRequest.newBuilder(base.resolve("/users/export")).build(),
                                EXPORT_CONCURRENCY, 4),
                        // Last: it adds users, and the export must stay at 10,000.
                        new Workload("POST /users", base -> HttpRequest.newBuilder(base.resolve("/users"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Bench\", \"email\": "
                                        + "\"bench@example.com\", \"age\": 30}")).build(), CONCURRENCY, 64));
                for (Service service : List.of(sample, springData)) {
                    settled.put(service.name, settle(service, nodeProcess, workloads));
                }
                // Settling added users: start the rounds from the same 10,000 again.
                List<UUID> reseeded = seed(contactPoint, node.localDatacenter());
                ids.clear();
                ids.addAll(reseeded);
                checkExport(sample, springData);
                // -Dservice.workloads=GET,POST runs only the workloads whose names start so (for profiling).
                List<String> only = List.of(System.getProperty("service.workloads", "").split(","));
                for (Workload workload : workloads) {
                    if (!only.equals(List.of("")) && only.stream().noneMatch(workload.name()::startsWith)) {
                        continue;
                    }
                    for (int concurrency : workload.concurrency()) {
                        String key = workload.name() + "|" + concurrency;
                        for (int round = 0; round <= ROUNDS; round++) {
                            for (Service service : round % 2 == 0 ? List.of(sample, springData)
                                    : List.of(springData, sample)) {
                                Run run = load(service, nodeProcess, workload, concurrency);
                                log((round == 0 ? "warm-up " : "round " + round + " ") + service.name + ", "
                                        + key + ": " + Math.round(run.requestsPerSecond()) + " req/s, "
                                        + run.errors() + " errors");
                                if (round > 0) {
                                    results.computeIfAbsent(key, k -> new LinkedHashMap<>())
                                            .computeIfAbsent(service.name, k -> new ArrayList<>()).add(run);
                                }
                            }
                        }
                    }
                }
            } finally {
                sample.close();
                springData.close();
            }
        }
        String section = section(results, settled, version);
        System.out.println(section);
        ResultsFile.writeSection(output, SECTION, section);
        System.out.println("Written to " + output.toAbsolutePath().normalize());
    }

    private static Service startSpringData(String contactPoint, String datacenter, UUID knownUser)
            throws Exception {
        return Service.start(SPRING_DATA, List.of("-cp", System.getProperty("java.class.path"),
                "io.github.asynccassandra.springdatausers.SpringDataUsersApplication",
                "--spring.cassandra.contact-points=" + contactPoint, "--spring.cassandra.local-datacenter=" + datacenter,
                "--spring.cassandra.keyspace-name=sample", "--spring.cassandra.request.timeout=15s",
                "--spring.autoconfigure.exclude=" + String.join(",", OUR_AUTO_CONFIGURATIONS),
                // The sample app's own settings (its application.yml), so that only the Cassandra access differs.
                "--spring.reactor.context-propagation=auto", "--spring.webflux.problemdetails.enabled=true",
                "--management.endpoints.web.exposure.include=health,info,metrics,prometheus",
                "--logging.level.root=WARN"), Map.of(), "/users/" + knownUser);
    }

    /** The starter's auto-configurations, left out of the Spring Data variant (they are on this classpath). */
    static final List<String> OUR_AUTO_CONFIGURATIONS = List.of(
            "io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraEmbeddedAutoConfiguration",
            "io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraAutoConfiguration",
            "io.github.asynccassandra.spring.boot.autoconfigure.metrics.AsyncCassandraMetricsAutoConfiguration",
            "io.github.asynccassandra.spring.boot.autoconfigure.health.AsyncCassandraHealthContributorAutoConfiguration",
            "io.github.asynccassandra.spring.boot.autoconfigure.observation.AsyncCassandraObservationAutoConfiguration",
            "io.github.asynccassandra.spring.boot.autoconfigure.bulk.AsyncCassandraBulkAutoConfiguration");

    /** The users table with exactly {@link #USERS} users, and their ids. */
    private static List<UUID> seed(String contactPoint, String datacenter) throws InterruptedException {
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints(contactPoint).localDatacenter(datacenter)
                .build()) {
            return seed(cluster.connect().join());
        }
    }

    private static List<UUID> seed(AsyncCassandraSession session) throws InterruptedException {
        log("seeding " + USERS + " users");
        session.execute("TRUNCATE sample.users").join();
        var insert = session.prepare("INSERT INTO sample.users (id, name, email, age, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)").join();
        List<UUID> ids = new ArrayList<>(USERS);
        Semaphore inFlight = new Semaphore(128);
        Instant now = Instant.now();
        for (int i = 0; i < USERS; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            inFlight.acquire();
            session.execute(insert, id, "user " + i, "user" + i + "@example.com", i % 100, now, now)
                    .whenComplete((ok, error) -> inFlight.release());
        }
        inFlight.acquire(128);
        return ids;
    }

    /** Both variants export exactly the seeded users, one line each. */
    private static void checkExport(Service... services) throws Exception {
        for (Service service : services) {
            HttpResponse<String> response = service.http.send(HttpRequest.newBuilder(service.base.resolve("/users/export"))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            long lines = response.body().lines().filter(line -> !line.isBlank()).count();
            if (response.statusCode() != 200 || lines != USERS) {
                throw new IllegalStateException(service.name + " exported " + lines + " lines (status "
                        + response.statusCode() + ")");
            }
        }
    }

    /**
     * Runs every workload (GET and POST at 64 in flight, exports at 4), in cycles, until the variant's JVM
     * has settled ({@link JitSettling}). Without it the rounds measure compilation: seen, 55 s of compile
     * time in the first 100 s of the GET rounds.
     */
    private static JitSettling.Settled settle(Service service, ProcessHandle node, List<Workload> workloads)
            throws Exception {
        return JitSettling.settle(service.name, () -> {
            for (Workload workload : workloads) {
                load(service, node, workload, workload.settleConcurrency(), SETTLE_STEP);
            }
        }, List.of(JitSettling.jvm(service.process.pid())), SETTLE_MAX, ServiceBenchmark::log);
    }

    /** A closed loop of {@code concurrency} requests in flight for {@link #RUN}. */
    private static Run load(Service service, ProcessHandle node, Workload workload, int concurrency)
            throws InterruptedException {
        return load(service, node, workload, concurrency, RUN);
    }

    /** A closed loop of {@code concurrency} requests in flight for {@code duration}. */
    private static Run load(Service service, ProcessHandle node, Workload workload, int concurrency,
            Duration duration) throws InterruptedException {
        HttpClient http = service.http;
        Recorder recorder = new Recorder(3);
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(concurrency);
        long cpuAtStart = cpuNanos(service.process.toHandle());
        long nodeCpuAtStart = cpuNanos(node);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; i < concurrency; i++) {
            next(http, service.base, workload, end, recorder, completed, errors, finished);
        }
        if (!finished.await(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(service.name + ": requests still in flight 2 minutes after the run");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (cpuNanos(service.process.toHandle()) - cpuAtStart) / 1e3;
        double nodeCpuMicros = (cpuNanos(node) - nodeCpuAtStart) / 1e3;
        long requests = Math.max(1, completed.get());
        return new Run(completed.get() / seconds, recorder.getIntervalHistogram(), errors.get(),
                cpuMicros / requests, nodeCpuMicros / requests);
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static void next(HttpClient http, URI base, Workload workload, long end, Recorder recorder,
            AtomicLong completed, AtomicLong errors, CountDownLatch finished) {
        if (System.nanoTime() >= end) {
            finished.countDown();
            return;
        }
        long sent = System.nanoTime();
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(workload.request().apply(base),
                HttpResponse.BodyHandlers.discarding());
        response.whenComplete((result, error) -> {
            recorder.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
            if (error != null || result.statusCode() >= 300) {
                errors.incrementAndGet();
            } else {
                completed.incrementAndGet();
            }
            next(http, base, workload, end, recorder, completed, errors, finished);
        });
    }

    static String section(Map<String, Map<String, List<Run>>> results, Map<String, JitSettling.Settled> settled,
            String version) {
        StringBuilder out = new StringBuilder(SECTION + ": the sample app against the same service on Spring Data\n\n");
        out.append("- Date: ").append(LocalDate.now()).append('\n');
        out.append("- Command: `./mvnw -B -Pbenchmarks -pl benchmarks,async-cassandra-sample-app -am verify "
                + "-DskipTests -Dbenchmarks.throughput.skip=true -Dbenchmarks.bulk.skip=true` (this section only)\n");
        out.append("- Like for like: both variants validate the input with Bean Validation, write the user and then its "
                + "audit row on `POST`, export with 5000-row pages, and run with actuator and Prometheus and the "
                + "sample's settings; only the Cassandra access differs (the starter's session, with its metrics "
                + "and observations, against Spring Data repositories on Boot's own session).\n");
        if (!SAMPLE_ARGS.isEmpty()) {
            out.append("- The sample app started with `").append(String.join(" ", SAMPLE_ARGS))
                    .append("` (`-Dservice.sampleArgs`).\n");
        }
        out.append(String.format("- Two JVMs (-Xmx512m each), one per variant, on Reactor Netty, against one "
                + "embedded Cassandra %s node (1 GB heap), all on the same 2-core machine with the load generator "
                + "(`java.net.http.HttpClient`, a closed loop); %,d users seeded.%n", version, USERS));
        out.append(String.format("- Settling first: each variant ran every workload (GET and POST at 64 in flight, "
                + "exports at 4), in cycles of %d s "
                + "per workload, until a cycle in which its JVM spent under %.0f%% of the time compiling (%s); then "
                + "the users table was seeded again.%n", SETTLE_STEP.toSeconds(), JitSettling.SETTLED_COMPILE_SHARE * 100,
                String.join(", ", settled.entrySet().stream().map(entry -> String.format("%s %d s, last cycle "
                        + "%.1f%% compiling", entry.getKey().startsWith("Spring Data") ? "Spring Data" : "sample app",
                        entry.getValue().took().toSeconds(), entry.getValue().compileShare() * 100)).toList())));
        out.append(String.format("- %d rounds of %d s per variant and workload after a warm-up, the variants taking "
                + "turns. Ratio: median over the rounds of the sample app's requests/s against Spring Data's in "
                + "the same round. Latency over all rounds. Server CPU: the service JVM's CPU time per request, "
                + "median of the rounds; node CPU: the Cassandra node's, in the same rounds (with what it does in the "
                + "background then: flushes, compactions).%n%n", ROUNDS, RUN.toSeconds()));
        out.append("| workload | in flight | variant | req/s | ratio | p50 ms | p99 ms | p99.9 ms | p99 ratio | "
                + "server CPU µs/req | node CPU µs/req | errors |\n"
                + "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<String> verdicts = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Run>>> entry : results.entrySet()) {
            String[] key = entry.getKey().split("\\|");
            List<Run> ours = entry.getValue().get(SAMPLE);
            List<Run> theirs = entry.getValue().get(SPRING_DATA);
            double[] ratios = new double[ours.size()];
            for (int i = 0; i < ours.size(); i++) {
                ratios[i] = ours.get(i).requestsPerSecond() / theirs.get(i).requestsPerSecond();
            }
            double ratio = Benchmarks.median(ratios);
            Histogram ourLatency = merged(ours);
            Histogram theirLatency = merged(theirs);
            double p99Ratio = (double) ourLatency.getValueAtPercentile(99) / theirLatency.getValueAtPercentile(99);
            for (String variant : List.of(SAMPLE, SPRING_DATA)) {
                List<Run> runs = entry.getValue().get(variant);
                Histogram latency = merged(runs);
                boolean mine = variant.equals(SAMPLE);
                out.append(String.format("| %s | %s | %s | %,.0f | %s | %.2f | %.2f | %.2f | %s | %.0f | %.0f | %d |%n",
                        key[0], key[1], variant,
                        Benchmarks.median(runs.stream().mapToDouble(Run::requestsPerSecond).toArray()),
                        mine ? String.format("%.2f", ratio) : "1.00", latency.getValueAtPercentile(50) / 1000.0,
                        latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0,
                        mine ? String.format("%.2f", p99Ratio) : "1.00",
                        Benchmarks.median(runs.stream().mapToDouble(Run::serverCpuMicrosPerRequest).toArray()),
                        Benchmarks.median(runs.stream().mapToDouble(Run::nodeCpuMicrosPerRequest).toArray()),
                        runs.stream().mapToLong(Run::errors).sum()));
            }
            verdicts.add(String.format("%s at %s: throughput %.2f× (%s), p99 %.2f× (%s)", key[0], key[1], ratio,
                    ratio >= 1.0 ? "met" : "not met", p99Ratio, p99Ratio <= 1.0 ? "met" : "not met"));
        }
        out.append("\nExports run at 1 and 64 in flight: at 256 concurrent 10,000-row exports, the Spring Data variant "
                + "(512 MB heap) still had requests in flight two minutes after a 4 s run (the sample app's went "
                + "through at 7 requests/s), which stalled the whole benchmark.\n");
        out.append("\nTarget: at least 1.0× Spring Data's throughput at every concurrency, with p99 no worse.\n\n");
        verdicts.forEach(line -> out.append("- ").append(line).append('\n'));
        return out.toString();
    }

    private static Histogram merged(List<Run> runs) {
        Histogram all = new Histogram(3);
        runs.forEach(run -> all.add(run.latencyMicros()));
        return all;
    }

    private static void log(String line) {
        System.out.println("[service benchmark] " + line);
    }

    /** A variant of the service in its own JVM. */
    private static final class Service implements AutoCloseable {
        final String name;
        final URI base;
        final Process process;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        private Service(String name, URI base, Process process) {
            this.name = name;
            this.base = base;
            this.process = process;
        }

        static Service start(String name, List<String> launch, Map<String, String> environment, String readyPath)
                throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx512m", "-XX:+UseG1GC"));
            // -Dservice.jvmArgs="-XX:StartFlightRecording=..." profiles both variants (each to its own file).
            String extra = System.getProperty("service.jvmArgs", "").replace("{variant}",
                    name.startsWith("Spring Data") ? "spring-data" : "sample");
            if (!extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("\\s+")));
            }
            command.addAll(launch);
            command.add("--server.port=" + port);
            Path log = Files.createTempFile("service-benchmark", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Service service = new Service(name, URI.create("http://127.0.0.1:" + port), builder.start());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                if (!service.process.isAlive()) {
                    throw new IllegalStateException(name + " exited:\n" + Files.readString(log));
                }
                try {
                    if (service.http.send(HttpRequest.newBuilder(service.base.resolve(readyPath)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        log(name + " ready on port " + port);
                        return service;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            service.close();
            throw new IllegalStateException(name + " was not ready within 3 minutes:\n" + Files.readString(log));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

}
