package io.github.asynccassandra.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.metrics.InMemoryMetricsCollector;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.metrics.MetricsSnapshot;
import io.github.asynccassandra.spring.boot.autoconfigure.metrics.MicrometerMetricsCollector;
import io.github.asynccassandra.streaming.StreamConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each kind of bad input gets a clear error, and the session stays usable after it. */
@EmbeddedCassandraTest
class BadInputIT {

    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private static final InMemoryMetricsCollector inMemory = new InMemoryMetricsCollector(1000, Duration.ofMinutes(5));
    private static AsyncCluster cluster;
    private static AsyncCassandraSession session;
    private static PreparedStatement insert;

    @BeforeAll
    static void connect(EmbeddedCassandra cassandra) {
        cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).option("basic.request.timeout", Duration.ofSeconds(15))
                .metrics(MetricsMiddleware.builder().collector(inMemory)
                        .collector(new MicrometerMetricsCollector(meters)).build())
                .build();
        session = cluster.connect().join();
        session.execute("CREATE KEYSPACE IF NOT EXISTS bad WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
        session.execute("CREATE TABLE IF NOT EXISTS bad.t (id int PRIMARY KEY, name text, payload blob)").join();
        insert = session.prepare("INSERT INTO bad.t (id, name) VALUES (:id, :name)").join();
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @Test
    void malformedCqlIsASyntaxError() {
        assertFails(() -> session.execute("SELEC * FROM bad.t"), SyntaxError.class, "no viable alternative");
        assertFails(() -> session.execute("SELECT * FROM bad.no_such_table"), InvalidQueryException.class,
                "no_such_table");
        assertFails(() -> session.execute((String) null), IllegalArgumentException.class, "CQL must not be null");
    }

    @Test
    void wrongBindValuesAreRejectedBeforeTheServer() {
        assertFails(() -> session.execute(insert, 1), IllegalArgumentException.class, "expects 2");
        assertFails(() -> session.execute(insert, "one", "x"), IllegalArgumentException.class, "Value 1");
        assertFails(() -> session.execute(insert, Map.of("id", 1, "name", "x", "nmae", "y")),
                IllegalArgumentException.class, "Unknown named value(s) [nmae]");
    }

    @Test
    void nullAndEmptyStringsAreStoredAsGiven() {
        session.execute(insert, 10, null).join();
        session.execute(insert, 11, "").join();
        assertThat(session.execute("SELECT name FROM bad.t WHERE id = 10").join().one().isNull(0)).isTrue();
        assertThat(session.execute("SELECT name FROM bad.t WHERE id = 11").join().one().getString(0)).isEmpty();
    }

    @Test
    void keyspaceNamesCannotInjectCql() {
        assertFails(() -> cluster.connect("bad; DROP KEYSPACE bad"), IllegalArgumentException.class,
                "Invalid keyspace name");
        assertFails(() -> session.setKeyspace("bad\"; DROP KEYSPACE bad; --"), IllegalArgumentException.class,
                "keyspace");
        assertThat(session.execute("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = 'bad'")
                .join().one()).isNotNull();
    }

    @Test
    void valuesLargerThanTheServerAcceptsFailClearly() {
        PreparedStatement blob = session.prepare("INSERT INTO bad.t (id, payload) VALUES (?, ?)").join();
        // Larger than the server's largest CQL message (16 MB by default).
        java.nio.ByteBuffer huge = java.nio.ByteBuffer.allocate(20 * 1024 * 1024);
        Throwable error = failure(() -> session.execute(blob, 12, huge));
        assertThat(error).isInstanceOf(InvalidQueryException.class).hasMessageContaining("exceeds allowed maximum");
        assertUsable();
    }

    @Test
    void nonsenseStreamSettingsAreRejected() {
        assertThatThrownBy(() -> StreamConfig.builder().fetchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fetchSize must be at least 1");
        assertThatThrownBy(() -> StreamConfig.builder().maxPages(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPages");
        assertFails(() -> session.executeStream((String) null), IllegalArgumentException.class, "CQL");
    }

    @Test
    void aClosedSessionFailsEveryCallWithConnectionException() {
        AsyncCassandraSession closed = cluster.connect().join();
        closed.closeAsync().join();
        assertFails(() -> closed.execute("SELECT now() FROM system.local"), ConnectionException.class,
                "Session is closed");
        assertFails(() -> closed.executeStream("SELECT now() FROM system.local"), ConnectionException.class,
                "Session is closed");
        assertFails(() -> closed.prepare("SELECT now() FROM system.local"), ConnectionException.class,
                "Session is closed");
    }

    @Test
    void thousandsOfDistinctUnpreparedQueriesGrowNothingWithoutBound() {
        int queries = Figures.FULL ? 20_000 : 5000;
        session.execute("SELECT name FROM bad.t WHERE id = -1").join();
        int metersBefore = meters.getMeters().size();
        List<CompletableFuture<?>> requests = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            requests.add(session.execute("SELECT name FROM bad.t WHERE id = " + i));
            if (requests.size() == 256) {
                CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
                requests.clear();
            }
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
        assertThat(session.getMetrics().flush(Duration.ofSeconds(30))).isTrue();
        MetricsSnapshot snapshot = inMemory.snapshot();
        int meterCount = meters.getMeters().size();
        // Literals are normalized away, so every one of these queries has the same fingerprint.
        assertThat(snapshot.topQueries().get(0).count()).isGreaterThanOrEqualTo(queries);
        assertThat(snapshot.recentQueries()).isLessThanOrEqualTo(1000);
        // Meters are keyed by query kind and outcome only: the queries added none.
        assertThat(meterCount).isEqualTo(metersBefore);
        Figures.report("distinct unprepared queries", String.format("%d queries with distinct literals: one query "
                + "fingerprint (count %d), %d recent entries kept (cap 1000), %d Micrometer meters in all", queries,
                snapshot.topQueries().get(0).count(), snapshot.recentQueries(), meterCount));
        assertUsable();
    }

    private static void assertUsable() {
        assertThat(session.execute("SELECT release_version FROM system.local").join().one()).isNotNull();
    }

    private static void assertFails(Supplier<CompletableFuture<?>> call, Class<? extends Throwable> type,
            String message) {
        assertThat(failure(call)).isInstanceOf(type).hasMessageContaining(message);
        assertUsable();
    }

    private static Throwable failure(Supplier<CompletableFuture<?>> call) {
        try {
            call.get().join();
        } catch (CompletionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
