package com.example.plain;

import com.datastax.oss.driver.api.core.cql.Row;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.streaming.AsyncStreamingResultSet;
import io.github.asynccassandra.streaming.StreamConfig;

/**
 * Connects, executes, streams and closes, with nothing on its class path but the core and what the core brings.
 * Arguments: the node's native port. Exits with 0 and prints what it read, or fails with the exception.
 */
public final class PlainJavaApplication {

    private PlainJavaApplication() {
    }

    public static void main(String[] args) {
        try (AsyncCluster cluster = AsyncCluster.builder()
                .contactPoints("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .localDatacenter("datacenter1")
                .build()) {
            AsyncCassandraSession session = cluster.connect("consumers").join();
            Row release = session.execute("SELECT release_version FROM system.local").join().one();
            System.out.println("release_version " + release.getString(0));

            try (AsyncStreamingResultSet rows = session.executeStream("SELECT id FROM items",
                    StreamConfig.builder().fetchSize(7).build()).join()) {
                System.out.println("streamed " + rows.forEach(row -> { }).join());
            }
            session.close();
        }
    }
}
