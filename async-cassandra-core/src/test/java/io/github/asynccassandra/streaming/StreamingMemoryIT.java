package io.github.asynccassandra.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Streaming keeps memory bounded by the page size: 200,000 rows of ~1 KB through a 128 MB heap. */
@EmbeddedCassandraTest
class StreamingMemoryIT {

    private static final Logger log = LoggerFactory.getLogger(StreamingMemoryIT.class);
    static final int ROWS = 200_000;
    static final String QUERY = "SELECT p, c, payload FROM stream_mem.blobs";

    @BeforeAll
    static void load(EmbeddedCassandra cassandra) throws InterruptedException {
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).option("basic.request.timeout", Duration.ofSeconds(30))
                .build()) {
            AsyncCassandraSession session = cluster.connect().join();
            session.execute("CREATE KEYSPACE IF NOT EXISTS stream_mem WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
            session.execute("CREATE TABLE IF NOT EXISTS stream_mem.blobs (p int, c int, payload text, "
                    + "PRIMARY KEY (p, c))").join();
            PreparedStatement insert = session.prepare("INSERT INTO stream_mem.blobs (p, c, payload) VALUES (?, ?, ?)")
                    .join();
            String payload = "x".repeat(1000);
            Semaphore inFlight = new Semaphore(128);
            List<CompletableFuture<?>> writes = new ArrayList<>(ROWS);
            for (int i = 0; i < ROWS; i++) {
                inFlight.acquire();
                writes.add(session.execute(insert, i / 1000, i % 1000, payload).whenComplete((r, e) -> inFlight.release()));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        }
    }

    @Test
    void streamingFitsInA128MegabyteHeapWhereLoadingEverythingDoesNot(EmbeddedCassandra cassandra) throws Exception {
        ProbeResult streamed = probe(cassandra, "stream");
        log.info("executeStream of {} rows of ~1 KB in a 128 MB heap: exit {}, {}", ROWS, streamed.exitCode,
                streamed.lastLine);
        assertThat(streamed.exitCode).as(streamed.output).isZero();
        assertThat(streamed.lastLine).startsWith("rows=" + ROWS + " ");

        ProbeResult loaded = probe(cassandra, "all");
        log.info("execute(...).all() of the same rows in a 128 MB heap: exit {}", loaded.exitCode);
        assertThat(loaded.exitCode).isNotZero();
        assertThat(loaded.output).contains("OutOfMemoryError");
    }

    record ProbeResult(int exitCode, String output, String lastLine) {
    }

    private static ProbeResult probe(EmbeddedCassandra cassandra, String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx128m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), StreamingMemoryProbe.class.getName(),
                Integer.toString(cassandra.nativePort()), mode, QUERY)
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        String lastLine = output.lines().filter(l -> l.startsWith("rows=")).reduce((a, b) -> b).orElse("");
        return new ProbeResult(process.exitValue(), output, lastLine);
    }
}
