package io.github.asynccassandra.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Export then load into a fresh table gives the same rows, compared by key and value, for every CQL type
 * and table shape, in both formats, with and without gzip; and the count equals the rows written.
 */
@EmbeddedCassandraTest
class BulkExportLoadIT {

    static final String KS = "bulkio";
    static final Map<String, String> DDL = Map.of("all_types", BulkTables.ALL_TYPES, "composite",
            BulkTables.COMPOSITE, "counters", BulkTables.COUNTERS, "wide", BulkTables.WIDE, "empty", BulkTables.EMPTY);
    static AsyncCluster cluster;
    static AsyncCassandraSession session;

    @TempDir
    static Path files;

    @BeforeAll
    static void createTables(EmbeddedCassandra cassandra) throws Exception {
        cluster = AsyncCluster.builder().contactPoints("127.0.0.1:" + cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).option("basic.request.timeout", Duration.ofSeconds(20))
                .ddlTimeout(Duration.ofSeconds(60)).build();
        session = cluster.connect().join();
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + KS + " WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
        BulkTables.createType(session, KS);
        BulkTables.create(session, BulkTables.ALL_TYPES, KS, "all_types");
        BulkTables.create(session, BulkTables.COMPOSITE, KS, "composite");
        BulkTables.create(session, BulkTables.COUNTERS, KS, "counters");
        BulkTables.create(session, BulkTables.WIDE, KS, "wide");
        BulkTables.create(session, BulkTables.EMPTY, KS, "empty");
        BulkTables.fillAllTypes(session, KS, "all_types", 300);
        BulkTables.fill(session, "INSERT INTO " + KS + ".composite (a, b, c, d, v) VALUES (?, ?, ?, ?, ?)", 3000,
                i -> new Object[] {i % 500, "b" + (i % 3), i, java.time.Instant.ofEpochSecond(i), "v" + i});
        BulkTables.fill(session, "UPDATE " + KS + ".counters SET hits = hits + ?, misses = misses + ? WHERE id = ?",
                200, i -> new Object[] {(long) i * 3, -(long) i, i});
        // One partition far larger than a page: read in many pages of one sub-range.
        BulkTables.fill(session, "INSERT INTO " + KS + ".wide (p, c, v) VALUES (?, ?, ?)", 12_000,
                i -> new Object[] {1, i, "value " + i});
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @ParameterizedTest(name = "{0} as {1}, gzip {2}")
    @CsvSource({
        "all_types, CSV, false", "all_types, NDJSON, false", "all_types, CSV, true", "all_types, NDJSON, true",
        "composite, CSV, false", "composite, NDJSON, true",
        "counters, CSV, false", "counters, NDJSON, false",
        "wide, CSV, true", "wide, NDJSON, false",
        "empty, CSV, false", "empty, NDJSON, true"})
    void anExportLoadedIntoAFreshTableGivesTheSameRows(String table, DataFormat format, boolean gzip) throws Exception {
        Map<List<Object>, List<Object>> original = BulkTables.rows(session, KS, table);
        BulkOperations bulk = BulkOperations.of(session);
        assertThat(bulk.count(KS, table).join()).as("count").isEqualTo(original.size());

        Path file = files.resolve(table + "-" + format + (gzip ? ".gz" : ""));
        List<BulkProgress> progress = new CopyOnWriteArrayList<>();
        ExportResult exported = bulk.export(KS, table, file, format, BulkOptions.builder().gzip(gzip).pageSize(500)
                .progressListener(progress::add).build()).join();
        assertThat(exported.rows()).isEqualTo(original.size());
        assertThat(exported.bytes()).isEqualTo(Files.size(file));
        assertThat(file.resolveSibling(file.getFileName() + ".inprogress")).doesNotExist();
        assertThat(Files.list(files).filter(f -> f.toString().endsWith(".tmp"))).isEmpty();
        assertThat(progress).last().satisfies(last -> {
            assertThat(last.finished()).isTrue();
            assertThat(last.rangesDone()).isEqualTo(exported.ranges());
            assertThat(last.rows()).isEqualTo(original.size());
        });
        if (gzip) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                assertThat(in.readAllBytes()).as("one gzip file of many members").isNotNull();
            }
        }

        String copy = table + "_" + format.name().toLowerCase() + (gzip ? "_gz" : "");
        BulkTables.createEmpty(session, DDL.get(table), KS, copy);
        LoadResult loaded = bulk.load(KS, copy, file, format, BulkOptions.defaults()).join();
        assertThat(loaded.read()).isEqualTo(original.size());
        assertThat(loaded.written()).isEqualTo(original.size());
        assertThat(loaded.rejected()).isZero();
        assertThat(loaded.rejectsFile()).isNull();
        assertThat(BulkTables.rows(session, KS, copy)).isEqualTo(original);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CSV", "NDJSON"})
    void anExportToAStreamHoldsTheSameRowsAsToAFile(DataFormat format) throws Exception {
        BulkOperations bulk = BulkOperations.of(session);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportResult exported = bulk.export(KS, "composite", out, format, BulkOptions.defaults()).join();
        assertThat(exported.bytes()).isEqualTo(out.size());
        String copy = "composite_stream_" + format.name().toLowerCase();
        BulkTables.createEmpty(session, BulkTables.COMPOSITE, KS, copy);
        LoadResult loaded = bulk.load(KS, copy, new java.io.ByteArrayInputStream(out.toByteArray()), format,
                BulkOptions.defaults()).join();
        assertThat(loaded.written()).isEqualTo(3000);
        assertThat(BulkTables.rows(session, KS, copy)).isEqualTo(BulkTables.rows(session, KS, "composite"));
    }

    /** The session's mapping of a UDT to an application record. */
    public record MappedAddress(String street, Integer zip, java.util.Set<String> tags) {
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CSV", "NDJSON"})
    void aSessionThatMapsAUserTypeToAClassExportsAndLoadsTheSameRows(DataFormat format, EmbeddedCassandra cassandra)
            throws Exception {
        try (AsyncCluster mapping = AsyncCluster.builder().contactPoints("127.0.0.1:" + cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).option("basic.request.timeout", Duration.ofSeconds(20))
                .build()) {
            AsyncCassandraSession mapped = mapping.connect().join();
            mapping.registerUserType(KS, "address", MappedAddress.class);
            BulkOperations bulk = BulkOperations.of(mapped);
            Path file = files.resolve("mapped-" + format);
            bulk.export(KS, "all_types", file, format, BulkOptions.defaults()).join();
            String copy = "all_types_mapped_" + format.name().toLowerCase();
            BulkTables.createEmpty(session, BulkTables.ALL_TYPES, KS, copy);
            assertThat(bulk.load(KS, copy, file, format, BulkOptions.defaults()).join().rejected()).isZero();
        }
        assertThat(BulkTables.rows(session, KS, "all_types_mapped_" + format.name().toLowerCase()))
                .isEqualTo(BulkTables.rows(session, KS, "all_types"));
    }
}
