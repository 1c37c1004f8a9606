package io.github.asynccassandra.bulk;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.TruncateException;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.AsyncResultSet;
import io.github.asynccassandra.ExecuteOptions;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;

/** Tables of every shape and type for the bulk tests, their rows, and reading a table back whole. */
final class BulkTables {

    static final String ALL_TYPES = "CREATE TABLE IF NOT EXISTS %s.%s (id int PRIMARY KEY, a ascii, bi bigint, "
            + "bl blob, bo boolean, da date, de decimal, db double, du duration, fl float, ip inet, i int, "
            + "si smallint, t text, ti time, ts timestamp, tu timeuuid, tiny tinyint, u uuid, vc varchar, "
            + "vi varint, l list<text>, s set<int>, m map<text, frozen<list<int>>>, tup tuple<int, text, blob>, "
            + "ad frozen<address>, nested map<int, frozen<map<text, frozen<set<date>>>>>, vec vector<float, 3>, "
            + "\"Quoted Name\" text)";
    static final String COMPOSITE = "CREATE TABLE IF NOT EXISTS %s.%s (a int, b text, c int, d timestamp, v text, "
            + "PRIMARY KEY ((a, b), c, d))";
    static final String COUNTERS = "CREATE TABLE IF NOT EXISTS %s.%s (id int PRIMARY KEY, hits counter, "
            + "misses counter)";
    static final String WIDE = "CREATE TABLE IF NOT EXISTS %s.%s (p int, c int, v text, PRIMARY KEY (p, c))";
    static final String EMPTY = "CREATE TABLE IF NOT EXISTS %s.%s (k int PRIMARY KEY, v text)";

    private BulkTables() {
    }

    /** A cluster on the test node, with timeouts a busy 2-core machine needs. */
    static AsyncCluster cluster(EmbeddedCassandra cassandra) {
        return AsyncCluster.builder().contactPoints("127.0.0.1:" + cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).option("basic.request.timeout", Duration.ofSeconds(20))
                .ddlTimeout(Duration.ofSeconds(60)).build();
    }

    /** A session of {@code cluster}, once {@code keyspace} exists (replication factor 1). */
    static AsyncCassandraSession withKeyspace(AsyncCluster cluster, String keyspace) {
        return withKeyspace(cluster, keyspace, 1);
    }

    /** A session of {@code cluster}, once {@code keyspace} exists with this replication factor. */
    static AsyncCassandraSession withKeyspace(AsyncCluster cluster, String keyspace, int replicationFactor) {
        AsyncCassandraSession session = cluster.connect().join();
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': " + replicationFactor + "}").join();
        return session;
    }

    static void createType(AsyncCassandraSession session, String keyspace) {
        session.execute("CREATE TYPE IF NOT EXISTS " + keyspace + ".address (street text, zip int, "
                + "tags frozen<set<text>>)").join();
    }

    static void create(AsyncCassandraSession session, String ddl, String keyspace, String table) {
        session.execute(String.format(ddl, keyspace, table)).join();
    }

    /** {@code count} rows of every type, with nulls, empty strings, quotes, line breaks and extremes. */
    static void fillAllTypes(AsyncCassandraSession session, String keyspace, String table, int count)
            throws UnknownHostException {
        PreparedStatement insert = session.prepare("INSERT INTO " + keyspace + "." + table + " (id, a, bi, bl, bo, "
                + "da, de, db, du, fl, ip, i, si, t, ti, ts, tu, tiny, u, vc, vi, l, s, m, tup, ad, nested, vec, "
                + "\"Quoted Name\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?, ?, ?)").join();
        TupleType tupleType = (TupleType) insert.getVariableDefinitions().get("tup").getType();
        UserDefinedType address = (UserDefinedType) insert.getVariableDefinitions().get("ad").getType();
        Random random = new Random(42);
        String[] texts = {"", "plain", "comma, and \"quotes\"", "line\nbreak\r\nand CRLF", "ünïcødé ✓", " padded "};
        List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            boolean nulls = id % 7 == 3;
            byte[] blob = new byte[random.nextInt(20)];
            random.nextBytes(blob);
            TupleValue tuple = tupleType.newValue(random.nextInt(), texts[id % texts.length],
                    ByteBuffer.wrap(blob));
            UdtValue udt = address.newValue().setString("street", texts[(id + 1) % texts.length])
                    .setInt("zip", id).setSet("tags", Set.of("t" + id, "x"), String.class);
            Map<Integer, Map<String, Set<LocalDate>>> nested = Map.of(id, Map.of("k" + id,
                    Set.of(LocalDate.ofEpochDay(id), LocalDate.of(1, 1, 1))));
            writes.add(session.execute(insert, id,
                    nulls ? null : "ascii " + id,
                    nulls ? null : random.nextLong(),
                    nulls ? null : ByteBuffer.wrap(blob),
                    nulls ? null : id % 2 == 0,
                    nulls ? null : LocalDate.ofEpochDay(random.nextInt(2_000_000) - 1_000_000),
                    nulls ? null : new BigDecimal(new BigInteger(80, random), random.nextInt(40) - 20),
                    nulls ? null : id % 11 == 0 ? Double.NaN : random.nextGaussian() * 1e300,
                    nulls ? null : id % 2 == 0 ? CqlDuration.newInstance(id, id, random.nextLong() >>> 1)
                            : CqlDuration.newInstance(-id, -1, -(random.nextLong() >>> 1)),
                    nulls ? null : id % 13 == 0 ? Float.NEGATIVE_INFINITY : random.nextFloat(),
                    nulls ? null : id % 2 == 0 ? InetAddress.getByName("10.0.0." + (id % 250))
                            : InetAddress.getByName("2001:db8::" + Integer.toHexString(id)),
                    nulls ? null : random.nextInt(),
                    nulls ? null : (short) random.nextInt(),
                    nulls ? null : texts[id % texts.length],
                    nulls ? null : LocalTime.ofNanoOfDay(Math.floorMod(random.nextLong(), 86_400_000_000_000L)),
                    nulls ? null : Instant.ofEpochMilli(random.nextLong() % 100_000_000_000_000L),
                    nulls ? null : Uuids.timeBased(),
                    nulls ? null : (byte) random.nextInt(),
                    nulls ? null : UUID.randomUUID(),
                    nulls ? null : texts[(id + 2) % texts.length],
                    nulls ? null : new BigInteger(200, random).negate(),
                    nulls ? null : List.of(texts[id % texts.length], "b", texts[(id + 3) % texts.length]),
                    nulls ? null : Set.of(id, -id - 1),
                    nulls ? null : Map.of("k", List.of(1, 2, id), "", List.of()),
                    nulls ? null : tuple,
                    nulls ? null : udt,
                    nulls ? null : nested,
                    nulls ? null : CqlVector.newInstance(random.nextFloat(), -1.5f, Float.MAX_VALUE),
                    nulls ? null : "Q" + id));
            if (writes.size() >= 100) {
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                writes.clear();
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    static void fill(AsyncCassandraSession session, String cql, int count, IntFunction<Object[]> values) {
        PreparedStatement insert = session.prepare(cql).join();
        List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            writes.add(session.execute(insert, values.apply(i)));
            if (writes.size() >= 200) {
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                writes.clear();
            }
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    /** A fresh, empty table made by {@code ddl} to load into. */
    static void createEmpty(AsyncCassandraSession session, String ddl, String keyspace, String table) {
        create(session, ddl, keyspace, table);
        // TRUNCATE needs every replica within its timeout: a replica busy on a loaded 2-core machine can answer
        // late (seen: "Truncate failed on replica"), so it is sent again, a few times.
        for (int attempt = 1; ; attempt++) {
            try {
                session.execute("TRUNCATE " + keyspace + "." + table).join();
                return;
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof TruncateException) || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Every row of a table, by primary key, as the driver's Java values. */
    static Map<List<Object>, List<Object>> rows(AsyncCassandraSession session, String keyspace, String table) {
        TableMetadata metadata = session.getDriverSession().getMetadata().getKeyspace(keyspace).orElseThrow()
                .getTable(CqlIdentifier.fromCql(table)).orElseThrow();
        int keyColumns = metadata.getPrimaryKey().size();
        List<String> columns = new ArrayList<>();
        metadata.getPrimaryKey().forEach(c -> columns.add(c.getName().asCql(true)));
        metadata.getColumns().values().stream().filter(c -> !metadata.getPrimaryKey().contains(c))
                .forEach(c -> columns.add(c.getName().asCql(true)));
        Map<List<Object>, List<Object>> rows = new HashMap<>();
        String cql = "SELECT " + String.join(", ", columns) + " FROM " + keyspace + "." + table;
        ByteBuffer state = null;
        do {
            ExecuteOptions.Builder page = ExecuteOptions.builder().pageSize(1000);
            if (state != null) {
                page.pagingState(state);
            }
            AsyncResultSet result = session.execute(cql, page.build()).join();
            for (Row row : result) {
                List<Object> key = new ArrayList<>();
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    (i < keyColumns ? key : values).add(row.getObject(i));
                }
                rows.put(key, values);
            }
            state = result.hasMorePages() ? result.getPagingState() : null;
        } while (state != null);
        return rows;
    }

}
