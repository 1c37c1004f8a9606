package io.github.asynccassandra.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the session's events out to one or more {@link MetricsCollector}s, and reports slow queries.
 * A collector that throws is skipped for that event and logged (at most once a minute), so metrics can
 * never fail a query. Recording takes no lock and allocates nothing beyond the event.
 *
 * <pre>{@code
 * InMemoryMetricsCollector memory = new InMemoryMetricsCollector();
 * MetricsMiddleware metrics = MetricsMiddleware.builder().collector(memory)
 *         .slowQueryThreshold(Duration.ofMillis(500)).build();
 * AsyncCluster cluster = AsyncCluster.builder().metrics(metrics).build();
 * }</pre>
 */
public final class MetricsMiddleware {

    private static final Logger log = LoggerFactory.getLogger(MetricsMiddleware.class);
    private static final Logger slowLog = LoggerFactory.getLogger("io.github.asynccassandra.metrics.SlowQueries");
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final MetricsCollector[] collectors;
    private final long slowQueryThresholdNanos;
    private final LongAdder slowQueries = new LongAdder();
    private final AtomicLong collectorFailures = new AtomicLong();
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    /** A middleware with these collectors and no slow-query threshold. */
    public MetricsMiddleware(MetricsCollector... collectors) {
        this(List.of(collectors), null);
    }

    /** A middleware with these collectors and no slow-query threshold. */
    public MetricsMiddleware(List<? extends MetricsCollector> collectors) {
        this(collectors, null);
    }

    private MetricsMiddleware(List<? extends MetricsCollector> collectors, Duration slowQueryThreshold) {
        Objects.requireNonNull(collectors, "collectors");
        if (collectors.isEmpty() && slowQueryThreshold == null) {
            throw new IllegalArgumentException("MetricsMiddleware needs at least one collector or a slow-query "
                    + "threshold");
        }
        this.collectors = collectors.toArray(new MetricsCollector[0]);
        this.slowQueryThresholdNanos = slowQueryThreshold == null ? Long.MAX_VALUE : slowQueryThreshold.toNanos();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reports a finished request to every collector, and logs it if it was slow. Never throws. */
    public void recordQuery(QueryEvent event) {
        if (event.durationNanos() > slowQueryThresholdNanos) {
            slowQueries.increment();
            if (slowLog.isWarnEnabled()) {
                // The normalized text: literal values replaced, bound values never included.
                slowLog.warn("Slow {} query: {} ms (threshold {} ms), keyspace {}, {} rows, {}: {}", event.kind(),
                        event.durationNanos() / 1_000_000, slowQueryThresholdNanos / 1_000_000, event.keyspace(),
                        event.rowCount(), event.success() ? "succeeded" : "failed with " + event.errorType(),
                        QueryFingerprint.normalize(event.query()));
            }
        }
        for (MetricsCollector collector : collectors) {
            try {
                collector.recordQuery(event);
            } catch (RuntimeException e) {
                collectorFailed(collector, e);
            }
        }
    }

    /** Reports a stream event to every collector. Never throws. */
    public void recordStream(StreamEvent event) {
        forEachCollector(collector -> collector.recordStream(event));
    }

    /** Reports a node check to every collector. Never throws. */
    public void recordConnection(ConnectionMetrics metrics) {
        forEachCollector(collector -> collector.recordConnection(metrics));
    }

    private void forEachCollector(Consumer<MetricsCollector> action) {
        for (MetricsCollector collector : collectors) {
            try {
                action.accept(collector);
            } catch (RuntimeException e) {
                collectorFailed(collector, e);
            }
        }
    }

    /** How many queries took longer than the slow-query threshold. */
    public long slowQueries() {
        return slowQueries.sum();
    }

    /** How many times a collector has thrown. */
    public long collectorFailures() {
        return collectorFailures.get();
    }

    private void collectorFailed(MetricsCollector collector, RuntimeException e) {
        long failures = collectorFailures.incrementAndGet();
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastFailureLog.compareAndSet(last, now)) {
            log.warn("Metrics collector {} failed ({} failures so far); the query is not affected",
                    collector.getClass().getName(), failures, e);
        }
    }

    /** Builder of {@link MetricsMiddleware}. */
    public static final class Builder {

        private final List<MetricsCollector> collectors = new ArrayList<>();
        private Duration slowQueryThreshold;

        private Builder() {
        }

        /** Adds a collector. */
        public Builder collector(MetricsCollector collector) {
            collectors.add(Objects.requireNonNull(collector, "collector"));
            return this;
        }

        /**
         * Logs (logger {@code io.github.asynccassandra.metrics.SlowQueries}, WARN) and counts every query
         * slower than this. The log shows the query with literals replaced, never bound values.
         */
        public Builder slowQueryThreshold(Duration threshold) {
            if (threshold == null || threshold.isNegative()) {
                throw new IllegalArgumentException("slowQueryThreshold must not be negative, was " + threshold);
            }
            this.slowQueryThreshold = threshold;
            return this;
        }

        /** The middleware; it needs at least one collector or a slow-query threshold. */
        public MetricsMiddleware build() {
            return new MetricsMiddleware(collectors, slowQueryThreshold);
        }
    }
}
