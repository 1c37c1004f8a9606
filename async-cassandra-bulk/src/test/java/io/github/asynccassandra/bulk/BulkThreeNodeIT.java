package io.github.asynccassandra.bulk;

import static org.assertj.core.api.Assertions.assertThat;


import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
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
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three nodes, four vnodes each, replication factor 2: a count is exact and reads every sub-range from a
 * node that owns it; an export during which a node is killed still writes every row, at {@code ONE}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulkThreeNodeIT {

    @RegisterExtension
    static final EmbeddedCassandraExtension CLUSTER = EmbeddedCassandraExtension.dedicated(builder -> builder.nodes(3)
            .heap("768m").yaml("num_tokens", 4));

    @TempDir
    Path files;

    @Test
    @Order(1)
    void countsExactlyAndReadsEachRangeFromOneOfItsReplicas() {
        EmbeddedCassandra cassandra = CLUSTER.cassandra();
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1:" + cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).option("basic.request.timeout", Duration.ofSeconds(15))
                .ddlTimeout(Duration.ofSeconds(60)).build()) {
            AsyncCassandraSession session = cluster.connect().join();
            session.execute("CREATE KEYSPACE IF NOT EXISTS bulk3 WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 2}").join();
            session.execute("CREATE TABLE IF NOT EXISTS bulk3.items (id int PRIMARY KEY, v text)").join();
            PreparedStatement insert = session.prepare("INSERT INTO bulk3.items (id, v) VALUES (?, ?)").join();
            List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>();
            for (int id = 0; id < 3000; id++) {
                writes.add(session.execute(insert, id, "v"));
                if (writes.size() == 200) {
                    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                    writes.clear();
                }
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();

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
            assertThat(BulkOperations.of(watched).count("bulk3", "items").join()).isEqualTo(3000);

            TokenMap tokenMap = session.getDriverSession().getMetadata().getTokenMap().orElseThrow();
            assertThat(tokenMap.getTokenRanges()).as("3 nodes × 4 vnodes").hasSize(12);
            assertThat(coordinators).hasSizeGreaterThanOrEqualTo(12 * 4);
            coordinators.forEach((token, coordinator) -> assertThat(tokenMap.getReplicas("bulk3", token))
                    .as("replicas of the range ending at %s", token).contains(coordinator));
            assertThat(coordinators.values().stream().map(Node::getHostId).distinct())
                    .as("every node owns part of the ring and is asked for it").hasSize(3);
        }
    }

    @Test
    @Order(2)
    void anExportDuringWhichANodeIsKilledWritesEveryRowAtOne() throws Exception {
        EmbeddedCassandra cassandra = CLUSTER.cassandra();
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1:" + cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).option("basic.request.timeout", Duration.ofSeconds(10))
                .ddlTimeout(Duration.ofSeconds(60)).build()) {
            AsyncCassandraSession session = cluster.connect().join();
            session.execute("CREATE TABLE IF NOT EXISTS bulk3.composite (a int, b text, c int, v text, "
                    + "PRIMARY KEY ((a, b), c))").join();
            BulkTables.fill(session, "INSERT INTO bulk3.composite (a, b, c, v) VALUES (?, ?, ?, ?)", 3000,
                    i -> new Object[] {i % 600, "b" + (i % 2), i, "v" + i});
            AtomicBoolean killed = new AtomicBoolean();
            Path file = files.resolve("composite.ndjson");
            ExportResult exported = BulkOperations.of(session).export("bulk3", "composite", file, DataFormat.NDJSON,
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
    }

    private static final JsonMapper JSON =
            JsonMapper.shared();
}
