package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.QueryTrace;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.exceptions.ConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EmbeddedCassandraTest
class SessionIT {

    static AsyncCluster cluster;
    static AsyncCassandraSession session;

    @BeforeAll
    static void connect(EmbeddedCassandra cassandra) {
        cluster = ClusterSupport.builderFor(cassandra).build();
        session = cluster.connect().join();
        session.execute("CREATE KEYSPACE IF NOT EXISTS session_it WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
        session.setKeyspace("session_it").join();
        session.execute("CREATE TABLE IF NOT EXISTS users (id uuid PRIMARY KEY, name text, age int)").join();
        session.execute("CREATE TABLE IF NOT EXISTS events (p int, c int, v text, PRIMARY KEY (p, c))").join();
    }

    @AfterAll
    static void shutdown() {
        cluster.close();
    }

    @Test
    void everyQueryFormRoundTrips() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        session.execute("INSERT INTO users (id, name, age) VALUES (?, ?, ?)", a, "Ann", 31).join();
        session.execute("INSERT INTO users (id, name, age) VALUES (:id, :name, :age)",
                Map.of("id", b, "name", "Bob", "age", 42)).join();
        PreparedStatement insert = session.prepare("INSERT INTO users (id, name, age) VALUES (?, ?, ?)").join();
        session.execute(insert, c, "Cid", 23).join();

        PreparedStatement byId = session.prepare("SELECT name, age FROM users WHERE id = :id").join();
        assertThat(session.execute(byId, a).join().one().getString("name")).isEqualTo("Ann");
        assertThat(session.execute(byId, Map.<String, Object>of("id", b)).join().one().getInt("age")).isEqualTo(42);
        assertThat(session.execute(SimpleStatement.newInstance("SELECT name FROM users WHERE id = ?", c)).join()
                .one().getString(0)).isEqualTo("Cid");
        AsyncResultSet missing = session.execute(byId, UUID.randomUUID()).join();
        assertThat(missing.one()).isNull();
        assertThat(missing.isEmpty()).isTrue();
        assertThat(missing.size()).isZero();
    }

    @Test
    void lightweightTransactionReportsWhetherItApplied() {
        UUID id = UUID.randomUUID();
        PreparedStatement insertIfAbsent =
                session.prepare("INSERT INTO users (id, name) VALUES (?, ?) IF NOT EXISTS").join();
        assertThat(session.execute(insertIfAbsent, id, "first").join().wasApplied()).isTrue();
        AsyncResultSet second = session.execute(insertIfAbsent, id, "second").join();
        assertThat(second.wasApplied()).isFalse();
        assertThat(second.one().getString("name")).isEqualTo("first");
    }

    @Test
    void batchWritesEveryStatement() {
        PreparedStatement insert = session.prepare("INSERT INTO events (p, c, v) VALUES (?, ?, ?)").join();
        BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.LOGGED)
                .add(insert.bind(7, 1, "one")).add(insert.bind(7, 2, "two"))
                .add(SimpleStatement.newInstance("INSERT INTO events (p, c, v) VALUES (7, 3, 'three')"));
        session.executeBatch(batch).join();
        assertThat(session.execute("SELECT v FROM events WHERE p = 7").join().all())
                .extracting(r -> r.getString("v")).containsExactly("one", "two", "three");
        BatchStatement unlogged = BatchStatement.newInstance(DefaultBatchType.UNLOGGED)
                .add(insert.bind(8, 1, "x")).setIdempotent(true);
        assertThat(session.executeBatch(unlogged, ExecuteOptions.builder()
                .timeout(java.time.Duration.ofSeconds(10)).build()).join().wasApplied()).isTrue();
        PreparedStatement withPayload = session.prepare("SELECT v FROM events WHERE p = ?",
                Map.of("note", java.nio.ByteBuffer.wrap(new byte[] {1})), java.time.Duration.ofSeconds(10)).join();
        assertThat(session.execute(withPayload, 8).join().one().getString("v")).isEqualTo("x");
        assertThatThrownBy(() -> session.prepare("SELECT 1", null, java.time.Duration.ZERO).join())
                .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> session.executeBatch(BatchStatement.newInstance(DefaultBatchType.LOGGED)).join())
                .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one statement");
    }

    @Test
    void executeFetchesEveryPageAndSinglePagesCarryAToken() {
        PreparedStatement insert = session.prepare("INSERT INTO events (p, c, v) VALUES (?, ?, ?)").join();
        List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            writes.add(session.execute(insert, 1, i, "v" + i));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();

        SimpleStatement all = SimpleStatement.newInstance("SELECT c FROM events WHERE p = 1").setPageSize(30);
        AsyncResultSet everything = session.execute(all).join();
        assertThat(everything.size()).isEqualTo(250);
        assertThat(everything.hasMorePages()).isFalse();

        List<Integer> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ExecuteOptions.Builder options = ExecuteOptions.builder().pageSize(100);
            if (token != null) {
                options.pagingStateToken(token);
            }
            AsyncResultSet page = session.execute(SimpleStatement.newInstance("SELECT c FROM events WHERE p = 1"),
                    options.build()).join();
            page.forEach(row -> seen.add(row.getInt("c")));
            token = page.getPagingStateToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(250).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void userDefinedTypesMapToRecordsAndPojosBothWays() {
        session.execute("CREATE TYPE IF NOT EXISTS address (street text, zip_code int)").join();
        session.execute("CREATE TABLE IF NOT EXISTS people (id int PRIMARY KEY, home frozen<address>, "
                + "others list<frozen<address>>)").join();
        cluster.registerUserType("session_it", "address", Address.class);

        Address home = new Address("1 Main St", 12345);
        session.execute("INSERT INTO people (id, home, others) VALUES (?, ?, ?)", 1, home,
                List.of(new Address("2 Side St", 999))).join();
        Row row = session.execute("SELECT home, others FROM people WHERE id = 1").join().one();
        assertThat(row.get("home", Address.class)).isEqualTo(home);
        assertThat(row.getList("others", Address.class)).containsExactly(new Address("2 Side St", 999));

        // A session opened later gets the mapping too.
        AsyncCassandraSession later = cluster.connect("session_it").join();
        try {
            assertThat(later.execute("SELECT home FROM people WHERE id = 1").join().one().get("home", Address.class))
                    .isEqualTo(home);
        } finally {
            later.close();
        }

        // POJOs work like records.
        cluster.registerUserType("session_it", "address", AddressBean.class);
        AddressBean bean = new AddressBean();
        bean.street = "3 Bean St";
        bean.zipCode = 777;
        session.execute("INSERT INTO people (id, home) VALUES (?, ?)", 2, bean).join();
        AddressBean read = session.execute("SELECT home FROM people WHERE id = 2").join().one()
                .get("home", AddressBean.class);
        assertThat(read.street).isEqualTo("3 Bean St");
        assertThat(read.zipCode).isEqualTo(777);
        assertThatThrownBy(() -> cluster.registerUserType("session_it", "no_such_type", Address.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }

    record Address(String street, int zipCode) {
    }

    static class AddressBean {
        String street;
        int zipCode;
    }

    @Test
    void badInputGetsClearErrorsAndTheSessionStaysUsable() {
        assertFailure(session.execute((String) null), IllegalArgumentException.class, "must not be null");
        assertFailure(session.execute("  "), IllegalArgumentException.class, "must not be empty");
        PreparedStatement insert = session.prepare("INSERT INTO users (id, name, age) VALUES (?, ?, ?)").join();
        assertFailure(session.execute(insert, UUID.randomUUID(), "x"), IllegalArgumentException.class,
                "expects 3 value(s) but 2 were given");
        assertFailure(session.execute(insert, UUID.randomUUID(), "x", "not a number"), IllegalArgumentException.class,
                "\"age\"", "java.lang.String", "int");
        assertFailure(session.execute(insert, Map.<String, Object>of("id", UUID.randomUUID(), "nmae", "x")),
                IllegalArgumentException.class, "[nmae]", "[id, name, age]");
        assertFailure(session.execute("SELEC * FROM users"), SyntaxError.class, "");
        assertFailure(session.execute("SELECT * FROM no_such_table"), InvalidQueryException.class, "no_such_table");
        assertFailure(session.execute("INSERT INTO users (id, name) VALUES (?, ?)", UUID.randomUUID()),
                InvalidQueryException.class, "");
        assertFailure(session.setKeyspace("x; DROP KEYSPACE session_it"), IllegalArgumentException.class,
                "Invalid keyspace name");
        assertThat(session.execute("SELECT release_version FROM system.local").join().one()).isNotNull();
    }

    @Test
    void closedSessionFailsFastAndClosingTwiceIsHarmless() {
        AsyncCassandraSession extra = cluster.connect().join();
        extra.closeAsync().join();
        extra.closeAsync().join();
        extra.close();
        assertThat(extra.isClosed()).isTrue();
        assertFailure(extra.execute("SELECT now() FROM system.local"), ConnectionException.class, "Session is closed");
        assertFailure(extra.prepare("SELECT now() FROM system.local"), ConnectionException.class, "Session is closed");
    }

    @Test
    void thousandConcurrentExecutesAllCompleteOffTheDriverThreads() {
        PreparedStatement insert = session.prepare("INSERT INTO events (p, c, v) VALUES (?, ?, ?)").join();
        Set<String> completionThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<CompletableFuture<AsyncResultSet>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(session.execute(insert, 2, i, "x").whenComplete(
                    (r, e) -> completionThreads.add(Thread.currentThread().getName())));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(session.execute("SELECT count(*) FROM events WHERE p = 2").join().one().getLong(0))
                .isEqualTo(1000);
        assertThat(completionThreads).noneMatch(name -> name.contains("-io-"));
    }

    @Test
    void tracedRequestHasATrace() {
        AsyncResultSet result = session.execute(SimpleStatement.newInstance("SELECT * FROM users LIMIT 1"),
                ExecuteOptions.builder().trace(true).build()).join();
        QueryTrace trace = result.getQueryTrace().join();
        assertThat(trace.getTracingId()).isNotNull();
        assertThat(session.execute("SELECT * FROM users LIMIT 1").join().getQueryTrace())
                .isCompletedExceptionally();
    }

    @Test
    void keyspaceCanBeReadAndChanged() {
        AsyncCassandraSession other = cluster.connect("session_it").join();
        try {
            assertThat(other.getKeyspace()).isEqualTo("session_it");
            other.setKeyspace("system").join();
            assertThat(other.getKeyspace()).isEqualTo("system");
        } finally {
            other.close();
        }
    }

    private static void assertFailure(CompletableFuture<?> future, Class<? extends Throwable> type,
            String... messageParts) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            future.join();
        } catch (CompletionException e) {
            failure.set(e.getCause());
        }
        assertThat(failure.get()).as("failure").isInstanceOf(type);
        for (String part : messageParts) {
            assertThat(failure.get()).hasMessageContaining(part);
        }
    }
}
