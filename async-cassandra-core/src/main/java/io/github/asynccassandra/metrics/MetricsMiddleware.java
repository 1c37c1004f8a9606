package io.github.asynccassandra.metrics;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the session's request events out to one or more {@link MetricsCollector}s. A collector that
 * throws is skipped for that event and logged (at most once a minute per middleware), so metrics can
 * never fail a query.
 */
public final class MetricsMiddleware {

    private static final Logger log = LoggerFactory.getLogger(MetricsMiddleware.class);
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final MetricsCollector[] collectors;
    private final AtomicLong collectorFailures = new AtomicLong();
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    public MetricsMiddleware(MetricsCollector... collectors) {
        this(List.of(collectors));
    }

    public MetricsMiddleware(List<? extends MetricsCollector> collectors) {
        Objects.requireNonNull(collectors, "collectors");
        if (collectors.isEmpty()) {
            throw new IllegalArgumentException("MetricsMiddleware needs at least one collector");
        }
        this.collectors = collectors.toArray(new MetricsCollector[0]);
    }

    /** Reports a finished request to every collector. Never throws. */
    public void recordQuery(QueryEvent event) {
        for (MetricsCollector collector : collectors) {
            try {
                collector.recordQuery(event);
            } catch (RuntimeException e) {
                collectorFailed(collector, e);
            }
        }
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
}
