package io.github.asynccassandra.bulk.internal;

import io.github.asynccassandra.bulk.BulkOptions;
import io.github.asynccassandra.bulk.BulkProgress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what a bulk operation has done and reports it: to the options' listener on every report, and
 * as an INFO line at most once per {@link BulkOptions#progressLogInterval()}. Reports are serialized, so
 * a listener never runs twice at once.
 */
final class Progress {

    /** Where progress is also recorded (Micrometer, when present); closed when the operation ends. */
    interface Meters extends AutoCloseable {
        void rows(long count);

        void rangeDone();

        @Override
        void close();
    }

    private static final Logger log = LoggerFactory.getLogger("io.github.asynccassandra.bulk");

    private final String operation;
    private final String target;
    private final int rangesTotal;
    private final @Nullable Consumer<BulkProgress> listener;
    private final long logIntervalNanos;
    private final long startNanos = System.nanoTime();
    private final AtomicInteger rangesDone;
    private final AtomicLong rows = new AtomicLong();
    private final DoubleSupplier fraction;
    private final @Nullable Meters meters;
    private long lastLogNanos = startNanos;
    private boolean ended;

    /**
     * @param table the table, for meter tags
     * @param target what the log lines name
     * @param fraction how much is done, 0 to 1, or -1 when unknown; {@code null} for ranges done out of all
     */
    Progress(String operation, String table, String target, int rangesTotal, int rangesAlreadyDone, BulkOptions options,
            @Nullable DoubleSupplier fraction, @Nullable MetersFactory meters) {
        this.operation = operation;
        this.target = target;
        this.rangesTotal = rangesTotal;
        this.rangesDone = new AtomicInteger(rangesAlreadyDone);
        this.listener = options.progressListener();
        this.logIntervalNanos = options.progressLogInterval().toNanos();
        this.fraction = fraction != null ? fraction
                : () -> rangesTotal == 0 ? 1 : (double) rangesDone.get() / rangesTotal;
        this.meters = meters == null ? null : meters.start(operation, table, this.fraction);
    }

    /** Starts the meters of an operation on a table. */
    interface MetersFactory {
        Meters start(String operation, String table, DoubleSupplier fraction);
    }

    void rows(long count) {
        rows.addAndGet(count);
        if (meters != null) {
            meters.rows(count);
        }
    }

    long rows() {
        return rows.get();
    }

    int rangesDone() {
        return rangesDone.get();
    }

    /** A sub-range is finished: reports. An exception from the listener goes to the caller. */
    void rangeDone() {
        rangesDone.incrementAndGet();
        if (meters != null) {
            meters.rangeDone();
        }
        report(false);
    }

    /** The operation has ended, well or not: its meters stop. Idempotent. */
    synchronized void end() {
        if (meters != null && !ended) {
            ended = true;
            meters.close();
        }
    }

    /** Reports without a change of ranges (a load's records). */
    synchronized void report(boolean finished) {
        if (finished) {
            end();
        }
        long now = System.nanoTime();
        long rowCount = rows.get();
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = rowCount / seconds;
        double done = finished ? 1 : fraction.getAsDouble();
        Duration eta = finished ? Duration.ZERO
                : done > 0 && done <= 1 ? Duration.ofMillis((long) (seconds * 1000 * (1 - done) / done)) : null;
        BulkProgress progress = new BulkProgress(operation, rangesDone.get(), rangesTotal, rowCount, rate, done, eta,
                finished);
        if (logIntervalNanos > 0 && (finished || now - lastLogNanos >= logIntervalNanos)) {
            lastLogNanos = now;
            log.info("{} {}: {}{} rows, {} rows/s{}{}", operation, target,
                    rangesTotal > 0 ? progress.rangesDone() + "/" + rangesTotal + " ranges, " : "", rowCount,
                    Math.round(rate), done >= 0 && !finished ? String.format(", %.1f%%", done * 100) : "",
                    finished ? ", done" : eta != null ? ", about " + eta.toSeconds() + " s left" : "");
        }
        if (listener != null) {
            listener.accept(progress);
        }
    }
}
