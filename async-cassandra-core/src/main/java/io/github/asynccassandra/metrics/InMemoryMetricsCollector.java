package io.github.asynccassandra.metrics;

import io.github.asynccassandra.internal.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps recent query metrics in memory, bounded whatever the traffic (the seed's in-memory collector):
 * the last {@code maxEntries} queries (default 10,000) in a ring, counters since start, error counts
 * by type, and counts per query fingerprint for the top-10 list (at most {@code maxEntries}
 * fingerprints are tracked; beyond that new ones are counted only in the totals). Lock-free on the
 * recording path.
 *
 * <p>Query text is never kept, not even as a cache key: each query is reduced to its
 * {@linkplain QueryFingerprint fingerprint} (16 hex digits) as it is recorded. So memory is bounded in
 * bytes, not only in entries: every stored value has a fixed size (error types are cut at
 * {@value #MAX_ERROR_TYPE_LENGTH} characters, at most {@value #MAX_ERROR_TYPES} of them; one entry per
 * node), about 400 bytes per {@code maxEntries}, so about 4 MB at the default, whatever the queries'
 * length.
 */
public final class InMemoryMetricsCollector implements MetricsCollector {

    /** Recent queries kept when no size is given. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Recent window when none is given. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** Error types counted separately; the rest are counted as {@code other}. */
    public static final int MAX_ERROR_TYPES = 100;
    /** Longest error type name kept. */
    public static final int MAX_ERROR_TYPE_LENGTH = 100;
    private static final String OTHER_ERRORS = "other";

    private final int maxEntries;
    private final Duration window;
    private final AtomicReferenceArray<QueryMetrics> recent;
    private final AtomicLong next = new AtomicLong();
    private final LongAdder total = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> errorsByType = new ConcurrentHashMap<>();
    private final Map<String, FingerprintStats> byFingerprint = new ConcurrentHashMap<>();
    private final Map<String, ConnectionMetrics> connections = new ConcurrentHashMap<>();
    private final LongAdder streamsOpened = new LongAdder();
    private final LongAdder streamsCompleted = new LongAdder();
    private final LongAdder streamsCancelled = new LongAdder();
    private volatile long startedAtMillis = System.currentTimeMillis();

    /** A collector with the default bounds. */
    public InMemoryMetricsCollector() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_WINDOW);
    }

    /**
     * A collector that keeps at most {@code maxEntries} fingerprints, over the default window.
     *
     * @param maxEntries most distinct query fingerprints kept
     */
    public InMemoryMetricsCollector(int maxEntries) {
        this(maxEntries, DEFAULT_WINDOW);
    }

    /**
     * A collector that keeps at most {@code maxEntries} fingerprints over {@code window}.
     *
     * @param maxEntries most distinct query fingerprints kept
     * @param window how far back the statistics reach
     */
    public InMemoryMetricsCollector(int maxEntries, Duration window) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.window = Arguments.requirePositive("window", window);
        this.recent = new AtomicReferenceArray<>(maxEntries);
    }

    @Override
    public void recordQuery(QueryEvent event) {
        String fingerprint = event.query() == null ? "batch" : QueryFingerprint.of(event.query());
        String errorType = event.errorType() == null ? null
                : event.errorType().substring(0, Math.min(event.errorType().length(), MAX_ERROR_TYPE_LENGTH));
        QueryMetrics metrics = new QueryMetrics(fingerprint, event.kind(), Duration.ofNanos(event.durationNanos()),
                event.success(), errorType, Instant.ofEpochMilli(event.timestampMillis()),
                event.parameterCount(), event.rowCount());
        recent.set((int) (next.getAndIncrement() % maxEntries), metrics);
        total.increment();
        if (!event.success()) {
            failed.increment();
            String type = errorType == null ? "unknown" : errorType;
            LongAdder counter = errorsByType.get(type);
            if (counter == null) {
                counter = errorsByType.size() < MAX_ERROR_TYPES
                        ? errorsByType.computeIfAbsent(type, t -> new LongAdder())
                        : errorsByType.computeIfAbsent(OTHER_ERRORS, t -> new LongAdder());
            }
            counter.increment();
        }
        FingerprintStats stats = byFingerprint.get(fingerprint);
        if (stats == null && byFingerprint.size() < maxEntries) {
            stats = byFingerprint.computeIfAbsent(fingerprint, f -> new FingerprintStats(event.kind()));
        }
        if (stats != null) {
            stats.count.increment();
            stats.totalNanos.add(event.durationNanos());
        }
    }

    @Override
    public void recordStream(StreamEvent event) {
        switch (event.type()) {
            case OPENED -> streamsOpened.increment();
            case CLOSED -> streamsCompleted.increment();
            case CANCELLED -> streamsCancelled.increment();
        }
    }

    @Override
    public void recordConnection(ConnectionMetrics metrics) {
        connections.put(metrics.host(), metrics);
    }

    @Override
    public void nodeRemoved(String host) {
        connections.remove(host);
    }

    /** {@return what the collector knows now} */
    public MetricsSnapshot snapshot() {
        Instant now = Instant.now();
        long cutoff = now.minus(window).toEpochMilli();
        Map<QueryKind, List<Long>> durations = new EnumMap<>(QueryKind.class);
        int count = 0;
        int succeeded = 0;
        for (int i = 0; i < maxEntries; i++) {
            QueryMetrics m = recent.get(i);
            if (m == null || m.timestamp().toEpochMilli() < cutoff) {
                continue;
            }
            count++;
            if (m.success()) {
                succeeded++;
            }
            durations.computeIfAbsent(m.kind(), k -> new ArrayList<>()).add(m.duration().toNanos());
        }
        Map<QueryKind, MetricsSnapshot.LatencyStats> latency = new EnumMap<>(QueryKind.class);
        durations.forEach((kind, values) -> latency.put(kind, latencyOf(values)));
        long elapsedMillis = Math.max(1, Math.min(window.toMillis(), now.toEpochMilli() - startedAtMillis));
        Map<String, Long> errors = new TreeMap<>();
        errorsByType.forEach((type, counter) -> errors.put(type, counter.sum()));
        List<MetricsSnapshot.TopQuery> top = byFingerprint.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, FingerprintStats> e) -> e.getValue().count.sum())
                        .reversed())
                .limit(10)
                .map(e -> {
                    long n = e.getValue().count.sum();
                    return new MetricsSnapshot.TopQuery(e.getKey(), e.getValue().kind, n,
                            n == 0 ? 0 : e.getValue().totalNanos.sum() / 1e6 / n);
                })
                .toList();
        return new MetricsSnapshot(now, window, total.sum(), failed.sum(), count,
                count == 0 ? 1.0 : (double) succeeded / count, count * 1000.0 / elapsedMillis, latency, errors, top,
                List.copyOf(connections.values()), streamsOpened.sum(), streamsCompleted.sum(), streamsCancelled.sum());
    }

    private static MetricsSnapshot.LatencyStats latencyOf(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        double sum = 0;
        for (long value : sorted) {
            sum += value;
        }
        return new MetricsSnapshot.LatencyStats(sorted.length, sum / sorted.length / 1e6, sorted[0] / 1e6,
                sorted[sorted.length - 1] / 1e6, percentile(sorted, 0.50), percentile(sorted, 0.95),
                percentile(sorted, 0.99));
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** Forgets everything recorded so far. */
    public void reset() {
        for (int i = 0; i < maxEntries; i++) {
            recent.set(i, null);
        }
        total.reset();
        failed.reset();
        errorsByType.clear();
        byFingerprint.clear();
        connections.clear();
        streamsOpened.reset();
        streamsCompleted.reset();
        streamsCancelled.reset();
        startedAtMillis = System.currentTimeMillis();
    }

    /** {@return number of distinct fingerprints tracked, at most {@code maxEntries}} */
    public int trackedFingerprints() {
        return byFingerprint.size();
    }

    private static final class FingerprintStats {
        final QueryKind kind;
        final LongAdder count = new LongAdder();
        final LongAdder totalNanos = new LongAdder();

        FingerprintStats(QueryKind kind) {
            this.kind = kind;
        }
    }
}
