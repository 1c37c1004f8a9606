package io.github.asynccassandra.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed loop: {@code concurrency} requests always in flight, each followed at once by the next, half
 * writes and half reads of random keys, for a fixed time. Latency is recorded per request.
 */
final class LoadGenerator {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * Throughput, latency and the client JVM's CPU time per request of one run. CPU per request is the
     * steadiest figure on a shared machine: it does not move with what the server or a neighbour does.
     */
    record Result(double opsPerSecond, Histogram latencyMicros, long errors, double cpuMicrosPerOp) {
    }

    private LoadGenerator() {
    }

    static Result run(PointClient client, int concurrency, Duration duration, int keys, String payload)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(concurrency);
        long cpuAtStart = OS.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; i < concurrency; i++) {
            new Worker(client, keys, payload, end, recorder, completed, errors, finished).next();
        }
        if (!finished.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(client.name() + ": requests still in flight 60 s after the run");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (OS.getProcessCpuTime() - cpuAtStart) / 1e3;
        return new Result(completed.get() / seconds, recorder.getIntervalHistogram(), errors.get(),
                cpuMicros / Math.max(1, completed.get()));
    }

    /** One slot of the closed loop. */
    private static final class Worker {

        private final PointClient client;
        private final int keys;
        private final String payload;
        private final long end;
        private final Recorder recorder;
        private final AtomicLong completed;
        private final AtomicLong errors;
        private final CountDownLatch finished;
        private boolean write;

        Worker(PointClient client, int keys, String payload, long end, Recorder recorder, AtomicLong completed,
                AtomicLong errors, CountDownLatch finished) {
            this.client = client;
            this.keys = keys;
            this.payload = payload;
            this.end = end;
            this.recorder = recorder;
            this.completed = completed;
            this.errors = errors;
            this.finished = finished;
        }

        /** Sends requests until the run ends; loops instead of recursing when one completes at once. */
        void next() {
            while (System.nanoTime() < end) {
                long started = System.nanoTime();
                int key = ThreadLocalRandom.current().nextInt(keys);
                write = !write;
                CompletableFuture<?> request = (write ? client.write(key, payload) : client.read(key))
                        .toCompletableFuture();
                if (!request.isDone()) {
                    request.whenComplete((result, error) -> {
                        record(started, error);
                        next();
                    });
                    return;
                }
                record(started, request.isCompletedExceptionally() ? new Exception() : null);
            }
            finished.countDown();
        }

        private void record(long started, Throwable error) {
            if (error != null) {
                errors.incrementAndGet();
                if (errors.get() > 1000) {
                    throw new IllegalStateException(client.name() + ": more than 1000 failed requests", error);
                }
                return;
            }
            recorder.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
            completed.incrementAndGet();
        }
    }
}
