package io.github.asynccassandra.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.AsyncResultSet;
import io.github.asynccassandra.ExecuteOptions;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exact counts by token range against a real node. */
@EmbeddedCassandraTest
class BulkCountIT {

    static final int PARTITIONS = 2000;
    static final int ROWS_PER_PARTITION = 3;

    static AsyncCluster cluster;
    static AsyncCassandraSession session;

    @BeforeAll
    static void load(EmbeddedCassandra cassandra) {
        cluster = AsyncCluster.builder().contactPoints("127.0.0.1:" + cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).option("basic.request.timeout", Duration.ofSeconds(15))
                .build();
        session = cluster.connect().join();
        session.execute("CREATE KEYSPACE IF NOT EXISTS bulk WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
        session.execute("CREATE TABLE IF NOT EXISTS bulk.\"Events\" (a int, b text, c int, v text, "
                + "PRIMARY KEY ((a, b), c))").join();
        session.execute("CREATE TABLE IF NOT EXISTS bulk.empty (k int PRIMARY KEY)").join();
        session.execute("TRUNCATE bulk.\"Events\"").join();
        PreparedStatement insert = session.prepare("INSERT INTO bulk.\"Events\" (a, b, c, v) VALUES (?, ?, ?, ?)")
                .join();
        List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (int c = 0; c < ROWS_PER_PARTITION; c++) {
                writes.add(session.execute(insert, p, "key-" + p, c, "value"));
            }
            if (writes.size() >= 300) {
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                writes.clear();
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @Test
    void countsEveryRowOnceWhateverTheSplit() {
        long expected = (long) PARTITIONS * ROWS_PER_PARTITION;
        BulkOperations bulk = BulkOperations.of(session);
        assertThat(bulk.count("bulk", "\"Events\"").join()).isEqualTo(expected);
        for (int splits : new int[] {1, 7, 1000}) {
            assertThat(bulk.count("bulk", "\"Events\"", BulkOptions.builder().splits(splits).parallelism(3).build())
                    .join()).as("%d splits", splits).isEqualTo(expected);
        }
        assertThat(bulk.count("bulk", "empty").join()).isZero();
    }

    @Test
    void neverHasMoreRangesInFlightThanItsParallelism() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger queries = new AtomicInteger();
        // The session is an interface: a decorator counts what the bulk operation sends at once.
        AsyncCassandraSession counting = (AsyncCassandraSession) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {AsyncCassandraSession.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute") && args.length == 2 && args[0] instanceof Statement<?>
                            && args[1] instanceof ExecuteOptions) {
                        queries.incrementAndGet();
                        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        return ((CompletableFuture<?>) method.invoke(session, args))
                                .whenComplete((result, error) -> inFlight.decrementAndGet());
                    }
                    return method.isDefault() ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args)
                            : method.invoke(session, args);
                });
        long count = BulkOperations.of(counting).count("bulk", "\"Events\"",
                BulkOptions.builder().splits(200).parallelism(5).build()).join();
        assertThat(count).isEqualTo((long) PARTITIONS * ROWS_PER_PARTITION);
        assertThat(queries.get()).isGreaterThanOrEqualTo(200);
        assertThat(most.get()).isBetween(1, 5);
    }

    @Test
    void aMissingTableOrKeyspaceIsNamed() {
        BulkOperations bulk = BulkOperations.of(session);
        assertThatThrownBy(() -> bulk.count("bulk", "nope").join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("No table 'nope'");
        assertThatThrownBy(() -> bulk.count("nowhere", "t").join()).hasMessageContaining("No keyspace 'nowhere'");
    }

    @Test
    void aRangeThatFailsEveryTryFailsTheCountNamingIt() {
        AtomicInteger tries = new AtomicInteger();
        AsyncCassandraSession failing = (AsyncCassandraSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AsyncCassandraSession.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute") && args.length == 2 && args[0] instanceof Statement<?>) {
                        tries.incrementAndGet();
                        return CompletableFuture.failedFuture(new IllegalStateException("node on fire"));
                    }
                    return method.isDefault() ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args)
                            : method.invoke(session, args);
                });
        assertThatThrownBy(() -> BulkOperations.of(failing).count("bulk", "\"Events\"", BulkOptions.builder()
                .splits(4).parallelism(1).maxRetries(2).retryBackoff(Duration.ofMillis(10)).build()).join())
                .hasCauseInstanceOf(BulkRangeException.class).hasMessageContaining("failed 3 time(s)")
                .hasMessageContaining("node on fire");
        assertThat(tries.get()).isEqualTo(3);
    }

    @Test
    void badOptionsAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> BulkOptions.builder().parallelism(0)).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> BulkOptions.builder().splits(-1)).hasMessageContaining("splits");
        assertThatThrownBy(() -> BulkOptions.builder().retryBackoff(Duration.ofSeconds(-1)))
                .hasMessageContaining("retryBackoff");
    }
}
