package io.github.asynccassandra.bulk.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.DoubleSupplier;

/**
 * Progress meters of bulk operations, in a Micrometer registry: {@code cassandra.bulk.rows} and
 * {@code cassandra.bulk.ranges} (counters) and {@code cassandra.bulk.progress} (a gauge, 0 to 1, while the
 * operation runs), tagged by operation ({@code count}, {@code export}, {@code load}) and table, and the gauge by
 * {@code run} too. Only this
 * class touches Micrometer, and only when a registry was given.
 */
final class BulkMeters implements Progress.MetersFactory {

    private static final String PROGRESS = "cassandra.bulk.progress";

    private final MeterRegistry registry;

    private BulkMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @throws IllegalArgumentException when {@code registry} is not a Micrometer {@code MeterRegistry}
     */
    static BulkMeters of(Object registry) {
        if (!(registry instanceof MeterRegistry meters)) {
            throw new IllegalArgumentException("meterRegistry must be a Micrometer MeterRegistry, was "
                    + registry.getClass().getName());
        }
        return new BulkMeters(meters);
    }

    /**
     * The meters of one operation on one table; {@link Recorder#close()} removes its gauge. Operations on the same
     * table at once share the counters and have a gauge each, told apart by a {@code run} tag: the lowest number
     * that no running operation of that kind on that table has, so its values stay as few as operations at once.
     */
    @Override
    public Recorder start(String operation, String table, DoubleSupplier fraction) {
        Tags tags = Tags.of("operation", operation, "table", table);
        Gauge gauge;
        synchronized (BulkMeters.class) {
            int run = 1;
            while (registry.find(PROGRESS).tags(tags).tag("run", Integer.toString(run)).gauge() != null) {
                run++;
            }
            gauge = Gauge.builder(PROGRESS, fraction, DoubleSupplier::getAsDouble).tags(tags)
                    .tag("run", Integer.toString(run)).description("Part of a running bulk operation done, 0 to 1")
                    .register(registry);
        }
        return new Recorder(registry, gauge,
                Counter.builder("cassandra.bulk.rows").tags(tags).description("Rows read (count, export) or "
                        + "records read (load) by bulk operations").register(registry),
                Counter.builder("cassandra.bulk.ranges").tags(tags).description("Sub-ranges finished by bulk "
                        + "operations").register(registry));
    }

    /** What an operation records. */
    static final class Recorder implements Progress.Meters {
        private final MeterRegistry registry;
        private final Gauge gauge;
        private final Counter rows;
        private final Counter ranges;

        private Recorder(MeterRegistry registry, Gauge gauge, Counter rows, Counter ranges) {
            this.registry = registry;
            this.gauge = gauge;
            this.rows = rows;
            this.ranges = ranges;
        }

        @Override
        public void rows(long count) {
            rows.increment(count);
        }

        @Override
        public void rangeDone() {
            ranges.increment();
        }

        @Override
        public void close() {
            synchronized (BulkMeters.class) {
                registry.remove(gauge);
            }
        }
    }
}
