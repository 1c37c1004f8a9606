package io.github.asynccassandra.streaming;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Real-node streams for the Reactive Streams TCK: one partition of {@value #ROWS} rows, read with a
 * small page size so that every stream spans several pages.
 */
final class TckFixture implements AutoCloseable {

    static final int ROWS = 1000;
    static final int FETCH_SIZE = 3;

    private final AsyncCluster cluster;
    private final AsyncCassandraSession session;

    TckFixture() {
        EmbeddedCassandra cassandra = EmbeddedCassandraExtension.shared();
        cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter())
                .option("basic.request.timeout", Duration.ofSeconds(15)).build();
        session = cluster.connect().join();
        session.execute("CREATE KEYSPACE IF NOT EXISTS tck WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
        session.execute("CREATE TABLE IF NOT EXISTS tck.rows (p int, c int, PRIMARY KEY (p, c))").join();
        PreparedStatement insert = session.prepare("INSERT INTO tck.rows (p, c) VALUES (0, ?)").join();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int c = 0; c < ROWS; c++) {
            writes.add(session.execute(insert, c));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    /**
     * A stream of exactly {@code rows} rows, or of every row when more are asked than the table holds
     * (only spec 3.17's overflow test asks for that, and it cancels after a dozen rows).
     */
    AsyncStreamingResultSet rows(long rows) {
        String cql = rows == 0 ? "SELECT c FROM tck.rows WHERE p = 1"
                : rows >= ROWS ? "SELECT c FROM tck.rows WHERE p = 0"
                : "SELECT c FROM tck.rows WHERE p = 0 LIMIT " + rows;
        return session.executeStream(cql, StreamConfig.builder().fetchSize(FETCH_SIZE).build()).join();
    }

    /** A stream whose pages publisher gives exactly {@code pages} pages (of {@value #FETCH_SIZE} rows). */
    Flow.Publisher<List<Row>> pages(long pages) {
        return rows(pages >= ROWS / FETCH_SIZE ? ROWS : pages * FETCH_SIZE).pages();
    }

    /** A stream that has already been consumed: a second subscriber gets {@code onError}. */
    AsyncStreamingResultSet consumed() {
        AsyncStreamingResultSet stream = rows(1);
        stream.forEach(row -> { }).join();
        return stream;
    }

    @Override
    public void close() {
        cluster.close();
    }
}
