package io.github.asynccassandra.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/** An export that stops half-way, started again with its checkpoint, holds every row exactly once. */
@EmbeddedCassandraTest
class BulkResumeIT {

    static final String KS = "bulkresume";
    static final int ROWS = 4000;
    static final JsonMapper JSON = JsonMapper.shared();
    static AsyncCluster cluster;
    static AsyncCassandraSession session;

    @TempDir
    Path files;

    @BeforeAll
    static void fill(EmbeddedCassandra cassandra) {
        cluster = BulkTables.cluster(cassandra);
        session = BulkTables.withKeyspace(cluster, KS);
        BulkTables.create(session, BulkTables.EMPTY, KS, "items");
        BulkTables.create(session, BulkTables.EMPTY, KS, "other");
        BulkTables.fill(session, "INSERT INTO " + KS + ".items (k, v) VALUES (?, ?)", ROWS,
                i -> new Object[] {i, "line one\nline two, \"" + i + "\""});
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @Test
    void anExportThatFailedHalfWayGoesOnFromItsCheckpoint() throws IOException {
        Path file = files.resolve("items.csv");
        Path checkpoint = files.resolve("items.checkpoint");
        BulkOperations bulk = BulkOperations.of(session);
        AtomicInteger ranges = new AtomicInteger();
        BulkOptions failing = BulkOptions.builder().splits(32).pageSize(40).parallelism(3).checkpoint(checkpoint)
                .progressListener(progress -> {
                    if (ranges.incrementAndGet() == 10) {
                        throw new IllegalStateException("listener gave up");
                    }
                }).build();
        assertThatThrownBy(() -> bulk.export(KS, "items", file, DataFormat.CSV, failing).join())
                .isInstanceOf(CompletionException.class).hasRootCauseMessage("listener gave up");
        assertThat(file).as("no file by the target's name until it is whole").doesNotExist();
        assertThat(file.resolveSibling("items.csv.inprogress")).exists();

        ExportResult resumed = bulk.export(KS, "items", file, DataFormat.CSV, BulkOptions.builder().splits(32)
                .pageSize(40).checkpoint(checkpoint).build()).join();
        assertThat(resumed.rangesResumed()).isBetween(9, 31);
        assertThat(resumed.rows()).isEqualTo(ROWS);
        assertExactlyOnce(file);
        assertThat(Files.list(files).filter(f -> f.toString().endsWith(".tmp"))).isEmpty();

        // Run again with the finished checkpoint: nothing to do, the file stays.
        ExportResult again = bulk.export(KS, "items", file, DataFormat.CSV, BulkOptions.builder().splits(32)
                .checkpoint(checkpoint).build()).join();
        assertThat(again.rangesResumed()).isEqualTo(again.ranges());
        assertExactlyOnce(file);
    }

    /**
     * The recorded length must always be the bytes of the recorded ranges: ranges are recorded in the order their bytes
     * were appended, so a crash between an append and its record loses only that range, which the resume cuts off
     * and reads again (recording out of order kept a range's bytes the resume then appended a second time).
     */
    @Test
    void rangesAreRecordedInTheOrderTheirBytesWereAppended() throws IOException {
        Path file = files.resolve("ordered.csv");
        Path checkpoint = files.resolve("ordered.checkpoint");
        BulkOperations.of(session).export(KS, "items", file, DataFormat.CSV, BulkOptions.builder().splits(64)
                .pageSize(20).parallelism(6).checkpoint(checkpoint).build()).join();
        List<Long> ends = Files.readAllLines(checkpoint).stream().filter(line -> line.contains("\"end\""))
                .map(line -> JSON.readTree(line).get("end").asLong()).toList();
        assertThat(ends).hasSize(64).isSorted().doesNotHaveDuplicates();
        assertThat(ends.get(ends.size() - 1)).isEqualTo(Files.size(file));
    }

    /** A rename that fails after every range is in: the next run finishes it, never reports another file. */
    @Test
    void anExportWhoseFinalRenameFailedIsFinishedByTheNextRun() throws IOException {
        Path file = files.resolve("renamed.csv");
        Path checkpoint = files.resolve("renamed.checkpoint");
        BulkOperations bulk = BulkOperations.of(session);
        BulkOptions blocked = BulkOptions.builder().splits(8).checkpoint(checkpoint).progressListener(progress -> {
            if (progress.finished()) {
                try {
                    // A non-empty directory by the target's name: the rename cannot replace it.
                    Files.createDirectories(file.resolve("in-the-way"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }).build();
        assertThatThrownBy(() -> bulk.export(KS, "items", file, DataFormat.CSV, blocked).join())
                .hasMessageContaining("Cannot finish the export");
        Files.delete(file.resolve("in-the-way"));
        Files.delete(file);

        ExportResult finished = bulk.export(KS, "items", file, DataFormat.CSV, BulkOptions.builder().splits(8)
                .checkpoint(checkpoint).build()).join();
        assertThat(finished.rows()).isEqualTo(ROWS);
        assertExactlyOnce(file);
        assertThat(file.resolveSibling("renamed.csv.inprogress")).doesNotExist();
    }

    @Test
    void anExportKilledHalfWayGoesOnFromItsCheckpoint(EmbeddedCassandra cassandra) throws Exception {
        Path file = files.resolve("killed.csv");
        Path checkpoint = files.resolve("killed.checkpoint");
        Path log = files.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ExportProcess.class.getName(), "127.0.0.1:" + cassandra.nativePort(), cassandra.localDatacenter(),
                KS, "items", file.toString(), checkpoint.toString())).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (rangesRecorded(checkpoint) < 8 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(child.isAlive()).as("the export is still running; its log: %s", Files.exists(log)
                    ? Files.readString(log) : "").isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(file).doesNotExist();
        int recorded = rangesRecorded(checkpoint);

        ExportResult resumed = BulkOperations.of(session).export(KS, "items", file, DataFormat.CSV,
                BulkOptions.builder().splits(64).checkpoint(checkpoint).build()).join();
        assertThat(resumed.rangesResumed()).isGreaterThanOrEqualTo(recorded).isLessThan(resumed.ranges());
        assertExactlyOnce(file);
    }

    @Test
    void aLoadStartedAgainWithItsCheckpointSkipsTheRecordsAlreadyDone() throws IOException {
        session.execute("TRUNCATE " + KS + ".other").join();
        Path csv = files.resolve("more.csv");
        Path checkpoint = files.resolve("more.checkpoint");
        StringBuilder first = new StringBuilder("k,v\n");
        for (int k = 0; k < 2000; k++) {
            first.append(k).append(",first\n");
        }
        first.append("bad,first\n");
        Files.writeString(csv, first);
        BulkOperations bulk = BulkOperations.of(session);
        BulkOptions options = BulkOptions.builder().checkpoint(checkpoint).build();
        LoadResult firstRun = bulk.load(KS, "other", csv, DataFormat.CSV, options).join();
        assertThat(firstRun.written()).isEqualTo(2000);

        // The file grows; the records of the first run are not read again.
        StringBuilder second = new StringBuilder();
        for (int k = 2000; k < 4000; k++) {
            second.append(k).append(",second\n");
        }
        second.append("worse,second\n");
        Files.writeString(csv, second, java.nio.file.StandardOpenOption.APPEND);
        LoadResult secondRun = bulk.load(KS, "other", csv, DataFormat.CSV, options).join();
        assertThat(secondRun.skipped()).isEqualTo(2001);
        assertThat(secondRun.read()).isEqualTo(2001);
        assertThat(secondRun.written()).isEqualTo(2000);
        assertThat(Files.readAllLines(secondRun.rejectsFile())).as("the rejects of both runs").hasSize(2);
        assertThat(bulk.count(KS, "other").join()).isEqualTo(4000);

        assertThatThrownBy(() -> bulk.load(KS, "items", csv, DataFormat.CSV, options).join())
                .rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to another load").hasMessageContaining("table other, not items");
    }

    @Test
    void aCheckpointOfAnotherExportIsRefusedNamingTheDifference() {
        Path checkpoint = files.resolve("other.checkpoint");
        BulkOperations bulk = BulkOperations.of(session);
        bulk.export(KS, "other", files.resolve("other.csv"), DataFormat.CSV, BulkOptions.builder()
                .checkpoint(checkpoint).build()).join();
        assertThatThrownBy(() -> bulk.export(KS, "items", files.resolve("other.csv"), DataFormat.CSV,
                BulkOptions.builder().checkpoint(checkpoint).build()).join())
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessageContaining("belongs to another export").hasMessageContaining("table other, not items");
    }

    private static int rangesRecorded(Path checkpoint) throws IOException {
        if (!Files.exists(checkpoint)) {
            return 0;
        }
        return (int) Files.readAllLines(checkpoint).stream().filter(line -> line.startsWith("{\"range\"")).count();
    }

    /** The file parses as CSV with a header, and holds each key once, all of them. */
    private static void assertExactlyOnce(Path file) throws IOException {
        List<Integer> keys = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<String[]> rows = new CsvMapper().readerFor(String[].class)
                        .with(CsvSchema.emptySchema()).with(CsvReadFeature.WRAP_AS_ARRAY).readValues(reader)) {
            assertThat(rows.next()).containsExactly("k", "v");
            while (rows.hasNext()) {
                String[] row = rows.next();
                int key = Integer.parseInt(row[0]);
                assertThat(row[1]).isEqualTo("line one\nline two, \"" + key + "\"");
                keys.add(key);
            }
        }
        assertThat(keys).hasSize(ROWS).doesNotHaveDuplicates();
        assertThat(keys.stream().mapToInt(Integer::intValue).max().orElse(-1)).isEqualTo(ROWS - 1);
    }
}
