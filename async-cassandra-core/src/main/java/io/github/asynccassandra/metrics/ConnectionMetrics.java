package io.github.asynccassandra.metrics;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Health of one node as the connection monitor last saw it (the seed's {@code ConnectionMetrics}).
 *
 * @param host node address, {@code host:port}
 * @param healthy whether its last probe succeeded
 * @param lastCheck when it was last probed
 * @param responseTime latency of the last successful probe, or {@code null}
 * @param errorCount failed probes since the monitor started
 * @param totalQueries probes sent since the monitor started
 */
public record ConnectionMetrics(String host, boolean healthy, Instant lastCheck, @Nullable Duration responseTime,
        long errorCount, long totalQueries) {
}
