package io.github.asynccassandra.benchmarks;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.bulk.BulkOperations;
import io.github.asynccassandra.bulk.BulkOptions;
import io.github.asynccassandra.bulk.DataFormat;
import io.github.asynccassandra.bulk.ExportResult;
import io.github.asynccassandra.bulk.internal.CqlValues;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.streaming.AsyncStreamingResultSet;
import io.github.asynccassandra.streaming.StreamConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import tools.jackson.core.JsonGenerator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * Bulk operations on one embedded node: 1,000,000 rows of about 100 bytes. The bulk count against
 * {@code SELECT count(*)} and against counting a sequential {@code executeStream}; the bulk export (CSV,
 * NDJSON) against a sequential {@code executeStream} writing the same file. Rounds alternate the
 * clients; the median round is reported, with the most heap in use after a collection during each.
 * Writes its section into RESULTS.md, keeping the rest of the file.
 */
public final class BulkBenchmark {

    static final int ROWS = Integer.getInteger("bulk.rows", 1_000_000);
    static final int ROUNDS = Integer.getInteger("bulk.rounds", 3);
    static final int PARALLELISM = 8;
    static final int PAGE_SIZE = 5000;
    static final String SECTION = "## Bulk operations";

    private BulkBenchmark() {
    }

    /** One measured run: rows, bytes, seconds, heap. */
    record Run(long rows, long bytes, double seconds, long heapBytes, int collections) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        double megabytesPerSecond() {
            return bytes / seconds / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "RESULTS.md");
        Path files = Files.createTempDirectory("bulk-benchmark");
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        String version;
        long loadMillis;
        try (EmbeddedCassandra node = EmbeddedCassandra.builder().nativePort(0).storagePort(0).heap("1g").build()
                .start();
             AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1:" + node.nativePort())
                     .localDatacenter(node.localDatacenter()).option("basic.request.timeout", Duration.ofSeconds(60))
                     .ddlTimeout(Duration.ofSeconds(60)).build()) {
            version = node.version();
            AsyncCassandraSession session = cluster.connect().join();
            long loadStart = System.nanoTime();
            load(session);
            loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
            BulkOperations bulk = BulkOperations.of(session);
            BulkOptions options = BulkOptions.builder().parallelism(PARALLELISM).pageSize(PAGE_SIZE)
                    .progressLogInterval(Duration.ZERO).build();
            Map<String, Supplier<Run>> clients = new LinkedHashMap<>();
            clients.put("count: bulk (token ranges, " + PARALLELISM + " in flight)", () -> measure(() -> {
                long count = bulk.count("bulkbench", "rows", options).join();
                return new long[] {count, 0};
            }));
            clients.put("count: `SELECT count(*)`", () -> measure(() -> {
                long count = session.execute(SimpleStatement.newInstance("SELECT count(*) FROM bulkbench.rows")
                        .setTimeout(Duration.ofMinutes(5))).join().one().getLong(0);
                return new long[] {count, 0};
            }));
            clients.put("count: sequential `executeStream`", () -> measure(() -> {
                AsyncStreamingResultSet stream = session.executeStream("SELECT id FROM bulkbench.rows",
                        StreamConfig.builder().fetchSize(PAGE_SIZE).build()).join();
                return new long[] {stream.forEach(row -> { }).join(), 0};
            }));
            for (DataFormat format : DataFormat.values()) {
                String extension = format.name().toLowerCase(Locale.ROOT);
                clients.put("export " + format + ": bulk (token ranges, " + PARALLELISM + " in flight)",
                        () -> measure(() -> {
                            Path file = files.resolve("bulk." + extension);
                            ExportResult result = bulk.export("bulkbench", "rows", file, format, options).join();
                            delete(file);
                            return new long[] {result.rows(), result.bytes()};
                        }));
                clients.put("export " + format + ": sequential `executeStream`, same encoding", () -> measure(() -> {
                    Path file = files.resolve("sequential." + extension);
                    long[] written = sequentialExport(session, file, format);
                    delete(file);
                    return written;
                }));
            }
            for (int round = 0; round < ROUNDS + 1; round++) {
                for (Map.Entry<String, Supplier<Run>> client : clients.entrySet()) {
                    Run run = client.getValue().get();
                    log((round == 0 ? "warm-up " : "round " + round + " ") + client.getKey() + ": "
                            + Math.round(run.rowsPerSecond()) + " rows/s");
                    if (round > 0) {
                        runs.computeIfAbsent(client.getKey(), k -> new ArrayList<>()).add(run);
                    }
                }
            }
        }
        String section = section(runs, version, loadMillis);
        System.out.println(section);
        ResultsFile.writeSection(output, SECTION, section);
        System.out.println("Written to " + output.toAbsolutePath().normalize());
    }

    /** The bulk section of RESULTS.md; {@link Benchmarks} keeps it when it rewrites the file. */
    static String section(Map<String, List<Run>> runs, String version, long loadMillis) {
        StringBuilder out = new StringBuilder(SECTION + "\n\n");
        out.append("- Command: `./mvnw -B -Pbenchmarks -pl benchmarks -am verify -DskipTests "
                + "-Dbenchmarks.throughput.skip=true` (this section only)\n");
        out.append(String.format("- Data: %,d rows of about 100 bytes (`id bigint` key, `text`, `int`, `date`) "
                + "on one embedded Cassandra %s node (1 GB heap, same machine), loaded in %.0f s; client "
                + "-Xmx512m.%n", ROWS, version, loadMillis / 1000.0));
        out.append(String.format("- %d rounds after a warm-up, clients taking turns; the median round by rows/s. "
                + "Bulk: %d sub-range queries in flight, pages of %,d rows, default split. Heap: the most in "
                + "use right after a collection during the run (\"no GC\": none was needed).%n%n", ROUNDS, PARALLELISM, PAGE_SIZE));
        out.append("| operation | rows/s | MB/s | ratio | seconds | heap MB |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        Map<String, Run> median = new LinkedHashMap<>();
        runs.forEach((name, list) -> median.put(name, list.stream()
                .sorted((a, b) -> Double.compare(a.rowsPerSecond(), b.rowsPerSecond())).toList()
                .get(list.size() / 2)));
        for (Map.Entry<String, Run> entry : median.entrySet()) {
            String name = entry.getKey();
            Run run = entry.getValue();
            String group = name.substring(0, name.indexOf(':'));
            Run reference = median.entrySet().stream().filter(e -> e.getKey().startsWith(group + ":")
                    && e.getKey().contains("sequential")).map(Map.Entry::getValue).findFirst().orElse(run);
            out.append(String.format("| %s | %,.0f | %s | %.2f | %.1f | %s |%n", name, run.rowsPerSecond(),
                    run.bytes() > 0 ? String.format("%.1f", run.megabytesPerSecond()) : "–",
                    run.rowsPerSecond() / reference.rowsPerSecond(), run.seconds(),
                    run.collections() == 0 ? "no GC" : String.format("%.0f", run.heapBytes() / 1e6)));
        }
        out.append("\nRatio: rows/s against the sequential `executeStream` of the same group in the same run.\n");
        for (DataFormat format : DataFormat.values()) {
            Run parallel = median.get("export " + format + ": bulk (token ranges, " + PARALLELISM + " in flight)");
            Run sequential = median.get("export " + format + ": sequential `executeStream`, same encoding");
            double ratio = parallel.rowsPerSecond() / sequential.rowsPerSecond();
            out.append(String.format("%nTarget, export %s at least 1.3× the sequential stream: %.2f× — %s.", format,
                    ratio, ratio >= 1.3 ? "met" : "not met"));
        }
        out.append("\n");
        return out.toString();
    }

    private static Run measure(Supplier<long[]> work) {
        HeapWatcher.liveHeapNow();
        try (HeapWatcher heap = new HeapWatcher()) {
            long start = System.nanoTime();
            long[] result = work.get();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (result[0] != ROWS) {
                throw new IllegalStateException("Expected " + ROWS + " rows, got " + result[0]);
            }
            return new Run(result[0], result[1], seconds, heap.mostInUseAfterCollection(), heap.collections());
        }
    }

    /** The same file as the bulk export, written from one sequential stream. */
    private static long[] sequentialExport(AsyncCassandraSession session, Path file, DataFormat format) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            AsyncStreamingResultSet stream = session.executeStream("SELECT id, label, amount, day FROM "
                    + "bulkbench.rows", StreamConfig.builder().fetchSize(PAGE_SIZE).build()).join();
            List<String> names = List.of("id", "label", "amount", "day");
            List<DataType> types = List.of(DataTypes.BIGINT, DataTypes.TEXT, DataTypes.INT, DataTypes.DATE);
            JsonGenerator generator = format == DataFormat.CSV ? csv(out, names) : CqlValues.JSON.writer()
                    .withRootValueSeparator("\n").createGenerator(out);
            long rows = stream.forEach(row -> write(generator, row, names, types, format)).join();
            if (format == DataFormat.NDJSON) {
                generator.writeRaw('\n');
            }
            generator.close();
            out.flush();
            return new long[] {rows, Files.size(file)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonGenerator csv(OutputStream out, List<String> names) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        names.forEach(schema::addColumn);
        return CsvMapper.builder().enable(CsvWriteFeature.ALWAYS_QUOTE_EMPTY_STRINGS).build()
                .writer(schema.build().withNullValue("")).createGenerator(out);
    }

    private static void write(JsonGenerator generator, Row row, List<String> names, List<DataType> types,
            DataFormat format) {
        if (format == DataFormat.CSV) {
            generator.writeStartArray();
            for (int i = 0; i < names.size(); i++) {
                Object value = row.getObject(i);
                if (value == null) {
                    generator.writeNull();
                } else {
                    generator.writeString(CqlValues.toText(value, types.get(i)));
                }
            }
            generator.writeEndArray();
        } else {
            generator.writeStartObject();
            for (int i = 0; i < names.size(); i++) {
                generator.writeName(names.get(i));
                CqlValues.writeJson(generator, row.getObject(i), types.get(i));
            }
            generator.writeEndObject();
        }
    }

    private static void load(AsyncCassandraSession session) throws InterruptedException {
        session.execute("CREATE KEYSPACE IF NOT EXISTS bulkbench WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
        session.execute("CREATE TABLE IF NOT EXISTS bulkbench.rows (id bigint PRIMARY KEY, label text, amount int, "
                + "day date)").join();
        log("loading " + ROWS + " rows");
        PreparedStatement insert = session.prepare("INSERT INTO bulkbench.rows (id, label, amount, day) "
                + "VALUES (?, ?, ?, ?)").join();
        Semaphore inFlight = new Semaphore(256);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        String label = "x".repeat(70);
        for (long id = 0; id < ROWS && failure.get() == null; id++) {
            inFlight.acquire();
            CompletableFuture<?> write = session.execute(insert, id, label + id, (int) id,
                    LocalDate.ofEpochDay(id % 20_000));
            write.whenComplete((ignored, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(256);
        if (failure.get() != null) {
            throw new IllegalStateException("Loading the benchmark data failed", failure.get());
        }
        session.execute("SELECT count(*) FROM system.local").join();
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void log(String line) {
        System.out.println("[bulk benchmark] " + line);
    }
}
