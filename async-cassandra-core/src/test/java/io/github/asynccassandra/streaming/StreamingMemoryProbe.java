package io.github.asynccassandra.streaming;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Run in a forked JVM with a small heap: {@code stream} streams the table through a slow consumer,
 * {@code all} loads it with {@code execute(...).all()}. Prints what it read and its peak heap.
 */
public final class StreamingMemoryProbe {

    private StreamingMemoryProbe() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String mode = args[1];
        String query = args[2];
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(port)
                .localDatacenter("datacenter1").option("basic.request.timeout", Duration.ofSeconds(30)).build()) {
            AsyncCassandraSession session = cluster.connect().join();
            long rows;
            if (mode.equals("stream")) {
                try (AsyncStreamingResultSet stream = session.executeStream(query,
                        StreamConfig.builder().fetchSize(1000).build()).join()) {
                    rows = stream.forEachAsync(row -> row.getInt("c") % 500 == 0
                            // A deliberately slow consumer: pauses twice per page.
                            ? CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS))
                            : null).join();
                }
            } else {
                rows = session.execute(query).join().all().size();
            }
            System.out.println("rows=" + rows + " peakHeapMB=" + peakHeapMegabytes());
        }
    }

    static long peakHeapMegabytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }
}
