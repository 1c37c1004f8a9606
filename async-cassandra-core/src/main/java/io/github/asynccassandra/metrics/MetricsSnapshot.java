package io.github.asynccassandra.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an {@link InMemoryMetricsCollector} knows at one moment. Latency, success rate and rate cover
 * the recent window; totals, errors and top queries cover the time since start or the last reset.
 *
 * @param takenAt when the snapshot was taken
 * @param window length of the recent window
 * @param totalQueries queries recorded since start or reset
 * @param failedQueries of which failed
 * @param recentQueries queries in the window (at most {@code maxEntries})
 * @param successRate share of recent queries that succeeded, 0..1 (1 when there were none)
 * @param queriesPerSecond recent queries divided by the window (or the time since start, if shorter)
 * @param latencyByKind latency of recent queries, per query kind
 * @param errorsByType failures per error type
 * @param topQueries the 10 most frequent query fingerprints
 * @param connections latest health of each node, from the connection monitor
 * @param streamsOpened streams opened
 * @param streamsCompleted streams that ended by themselves (consumed, failed or {@code maxPages})
 * @param streamsCancelled streams closed or cancelled early
 */
public record MetricsSnapshot(Instant takenAt, Duration window, long totalQueries, long failedQueries,
        int recentQueries, double successRate, double queriesPerSecond, Map<QueryKind, LatencyStats> latencyByKind,
        Map<String, Long> errorsByType, List<TopQuery> topQueries, List<ConnectionMetrics> connections,
        long streamsOpened, long streamsCompleted, long streamsCancelled) {

    /**
     * Latency of recent queries of one kind, in milliseconds; percentiles by nearest rank.
     */
    public record LatencyStats(int count, double averageMillis, double minMillis, double maxMillis, double p50Millis,
            double p95Millis, double p99Millis) {
    }

    /**
     * A frequent query: its fingerprint (a hash, never the text), kind, count and mean latency.
     */
    public record TopQuery(String fingerprint, QueryKind kind, long count, double averageMillis) {
    }
}
