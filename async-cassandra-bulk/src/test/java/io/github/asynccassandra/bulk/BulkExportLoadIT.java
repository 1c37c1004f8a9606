package io.github.asynccassandra.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.AsyncResultSet;
import io.github.asynccassandra.ExecuteOptions;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * On three nodes, four vnodes each, replication factor 2: the count is exact and reads every sub-range from
 * a node that owns it; export then load into a fresh table gives the same rows, compared by key and value,
 * for every CQL type and table shape, in both formats, with and without gzip; and an export during which
 * a node is killed still writes every row, at {@code ONE} (last: the cluster has two nodes after it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulkExportLoadIT {

    @RegisterExtension
    static final EmbeddedCassandraExtension CLUSTER = EmbeddedCassandraExtension.dedicated(builder -> builder.nodes(3)
            .heap("768m").yaml("num_tokens", 4));

    static final String KS = "bulkio";
    static final Map<String, String> DDL = Map.of("all_types", BulkTables.ALL_TYPES, "composite",
            BulkTables.COMPOSITE, "counters", BulkTables.COUNTERS, "wide", BulkTables.WIDE, "empty", BulkTables.EMPTY);
    static AsyncCluster cluster;
    static AsyncCassandraSession session;

    @TempDir
    static Path files;

    @BeforeAll
    static void createTables() throws Exception {
        cluster = BulkTables.cluster(CLUSTER.cassandra());
        session = BulkTables.withKeyspace(cluster, KS, 2);
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
    @Order(2)
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
    @Order(3)
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

    @Test
    @Order(1)
    void countsExactlyAndReadsEachRangeFromOneOfItsReplicas() {
        // Which node coordinated each sub-range's query, by the range's routing token.
        Map<Token, Node> coordinators = new ConcurrentHashMap<>();
        AsyncCassandraSession watched = (AsyncCassandraSession) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {AsyncCassandraSession.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute") && args.length == 2 && args[0] instanceof Statement<?> s
                            && args[1] instanceof ExecuteOptions) {
                        return ((CompletableFuture<AsyncResultSet>) method.invoke(session, args)).thenApply(rows -> {
                            coordinators.put(s.getRoutingToken(), rows.getExecutionInfo().getCoordinator());
                            return rows;
                        });
                    }
                    return method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args)
                            : method.invoke(session, args);
                });
        assertThat(BulkOperations.of(watched).count(KS, "composite").join()).isEqualTo(3000);

        TokenMap tokenMap = session.getDriverSession().getMetadata().getTokenMap().orElseThrow();
        assertThat(tokenMap.getTokenRanges()).as("3 nodes × 4 vnodes").hasSize(12);
        assertThat(coordinators).hasSizeGreaterThanOrEqualTo(12 * 4);
        coordinators.forEach((token, coordinator) -> assertThat(tokenMap.getReplicas(KS, token))
                .as("replicas of the range ending at %s", token).contains(coordinator));
        assertThat(coordinators.values().stream().map(Node::getHostId).distinct())
                .as("every node owns part of the ring and is asked for it").hasSize(3);
    }

    @Test
    @Order(100)
    void anExportDuringWhichANodeIsKilledWritesEveryRowAtOne() throws Exception {
        EmbeddedCassandra cassandra = CLUSTER.cassandra();
        AtomicBoolean killed = new AtomicBoolean();
        Path file = files.resolve("composite-node-killed.ndjson");
        ExportResult exported = BulkOperations.of(session).export(KS, "composite", file, DataFormat.NDJSON,
                BulkOptions.builder().consistency(DefaultConsistencyLevel.ONE).splits(48).pageSize(100)
                        .parallelism(4).progressListener(progress -> {
                            if (progress.rangesDone() == 5 && killed.compareAndSet(false, true)) {
                                cassandra.kill(3);
                            }
                        }).build()).join();
        assertThat(killed).isTrue();
        assertThat(cassandra.isRunning(3)).isFalse();
        assertThat(exported.rows()).isEqualTo(3000);
        List<Integer> keys = Files.readAllLines(file).stream()
                .map(line -> JSON.readTree(line).get("c").asInt()).toList();
        assertThat(keys).hasSize(3000).doesNotHaveDuplicates();
    }

    /** The session's mapping of a UDT to an application record. */
    public record MappedAddress(String street, Integer zip, java.util.Set<String> tags) {
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CSV", "NDJSON"})
    @Order(4)
    void aSessionThatMapsAUserTypeToAClassExportsAndLoadsTheSameRows(DataFormat format) throws Exception {
        try (AsyncCluster mapping = BulkTables.cluster(CLUSTER.cassandra())) {
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

    private static final JsonMapper JSON = JsonMapper.shared();
}
