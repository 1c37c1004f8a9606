package io.github.asynccassandra.bulk;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A slow, checkpointed export in a JVM of its own, for {@link BulkResumeIT} to kill: arguments are the
 * contact point, datacenter, keyspace, table, output file and checkpoint file.
 */
public final class ExportProcess {

    private ExportProcess() {
    }

    public static void main(String[] args) {
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints(args[0]).localDatacenter(args[1])
                .option("basic.request.timeout", Duration.ofSeconds(20)).build()) {
            AsyncCassandraSession session = cluster.connect().join();
            BulkOperations.of(session).export(args[2], args[3], Path.of(args[4]), DataFormat.CSV,
                    BulkOptions.builder().parallelism(2).splits(64).pageSize(50).checkpoint(Path.of(args[5]))
                            .progressListener(progress -> sleep()).build()).join();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
