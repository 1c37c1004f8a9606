package io.github.asynccassandra.metrics;

import io.github.asynccassandra.internal.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the session's events out to one or more {@link MetricsCollector}s, and reports slow queries.
 *
 * <p><b>Threading contract.</b> Recording an event only puts it in a bounded queue; the collectors,
 * the slow-query log and the failure log run on the middleware's own thread
 * ({@code async-cassandra-metrics-N}, a daemon started on demand and ended after
 * {@value #IDLE_MILLIS} ms without events). So a collector that is slow, blocks or throws never stalls
 * a driver I/O thread or the thread that completes a query, and never fails a query. Each collector
 * is called on its own: one that throws anything, an {@link Error} included, is skipped for that event
 * (counted in {@link #collectorFailures()}, logged at most once a minute) and the others still run.
 * Events are delivered one at a time, in the order they were recorded, within about a millisecond (the
 * thread takes what has queued up, then pauses for a millisecond when it found nothing).
 *
 * <p><b>Bounded.</b> At most {@code queueCapacity} events (default {@value #DEFAULT_QUEUE_CAPACITY}) and
 * {@code queueBytes} bytes (default 16 MiB, counting each query's text) wait for the collectors. An
 * event recorded while the queue is full is dropped, never blocked on: it is counted in
 * {@link #droppedEvents()} and a warning is logged at most once a minute. {@link #flush(Duration)}
 * waits until what was recorded so far has been delivered.
 *
 * <pre>{@code
 * InMemoryMetricsCollector memory = new InMemoryMetricsCollector();
 * MetricsMiddleware metrics = MetricsMiddleware.builder().collector(memory)
 *         .slowQueryThreshold(Duration.ofMillis(500)).build();
 * AsyncCluster cluster = AsyncCluster.builder().metrics(metrics).build();
 * }</pre>
 */
public final class MetricsMiddleware {

    /** Events that may wait for the collectors when no capacity is given. */
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    /** Bytes that waiting events may hold when no limit is given. */
    public static final long DEFAULT_QUEUE_BYTES = 16L << 20;
    /** How long the delivery thread finds no event before it ends (it starts again on the next). */
    public static final long IDLE_MILLIS = 1000;

    private static final Logger log = LoggerFactory.getLogger(MetricsMiddleware.class);
    private static final Logger slowLog = LoggerFactory.getLogger("io.github.asynccassandra.metrics.SlowQueries");
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;
    /** What an event costs in the queue beyond its query text: the record, its boxes and the queue slot. */
    private static final long EVENT_BYTES = 160;
    private static final int BATCH = 256;
    private static final long IDLE_NANOS = IDLE_MILLIS * 1_000_000;
    /**
     * How long the delivery thread pauses when it finds no event. Events then arrive in batches and a
     * sender never wakes a thread, which would cost more than delivering the event.
     */
    private static final long PAUSE_NANOS = 1_000_000;
    private static final AtomicInteger THREAD_COUNT = new AtomicInteger();

    private final MetricsCollector[] collectors;
    private final long slowQueryThresholdNanos;
    private final LongAdder slowQueries = new LongAdder();
    private final AtomicLong collectorFailures = new AtomicLong();
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final BlockingQueue<Object> queue;
    private final long maxQueuedBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicBoolean delivering = new AtomicBoolean();
    private volatile Thread deliveryThread;

    /**
     * A middleware with these collectors and no slow-query threshold.
     *
     * @param collectors a middleware with these collectors and no slow-query threshold
     */
    public MetricsMiddleware(MetricsCollector... collectors) {
        this(List.of(collectors), null, DEFAULT_QUEUE_CAPACITY, DEFAULT_QUEUE_BYTES);
    }

    /**
     * A middleware with these collectors and no slow-query threshold.
     *
     * @param collectors a middleware with these collectors and no slow-query threshold
     */
    public MetricsMiddleware(List<? extends MetricsCollector> collectors) {
        this(collectors, null, DEFAULT_QUEUE_CAPACITY, DEFAULT_QUEUE_BYTES);
    }

    private MetricsMiddleware(List<? extends MetricsCollector> collectors, Duration slowQueryThreshold,
            int queueCapacity, long queueBytes) {
        Objects.requireNonNull(collectors, "collectors");
        if (collectors.isEmpty() && slowQueryThreshold == null) {
            throw new IllegalArgumentException("MetricsMiddleware needs at least one collector or a slow-query "
                    + "threshold");
        }
        this.collectors = collectors.toArray(new MetricsCollector[0]);
        this.slowQueryThresholdNanos = slowQueryThreshold == null ? Long.MAX_VALUE : slowQueryThreshold.toNanos();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.maxQueuedBytes = queueBytes;
    }

    /** {@return a builder with every option at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reports a finished request to every collector, and logs it if it was slow. Never throws or blocks.
     *
     * @param event the event
     */
    public void recordQuery(QueryEvent event) {
        if (event.durationNanos() > slowQueryThresholdNanos) {
            slowQueries.increment();
        }
        enqueue(event, event.query() == null ? 0 : 2L * event.query().length());
    }

    /**
     * Reports a failed attempt to every collector. Never throws or blocks.
     *
     * @param event the event
     */
    public void recordNodeError(NodeErrorEvent event) {
        enqueue(event, 0);
    }

    /**
     * Reports a stream event to every collector. Never throws or blocks.
     *
     * @param event the event
     */
    public void recordStream(StreamEvent event) {
        enqueue(event, 0);
    }

    /**
     * Reports a node check to every collector. Never throws or blocks.
     *
     * @param metrics the metrics
     */
    public void recordConnection(ConnectionMetrics metrics) {
        enqueue(metrics, 0);
    }

    /**
     * Tells every collector that a node has left the cluster, so that what they keep for it can go. Never
     * throws or blocks.
     *
     * @param host the node's address as in {@link ConnectionMetrics#host()}
     */
    public void recordNodeRemoved(String host) {
        enqueue(new NodeRemoved(host), 0);
    }

    private record NodeRemoved(String host) {
    }

    private void enqueue(Object event, long textBytes) {
        long bytes = EVENT_BYTES + textBytes;
        if (queuedBytes.addAndGet(bytes) > maxQueuedBytes || !queue.offer(new Queued(event, bytes))) {
            queuedBytes.addAndGet(-bytes);
            dropped(event);
            return;
        }
        accepted.incrementAndGet();
        if (!delivering.get() && delivering.compareAndSet(false, true)) {
            startDelivery();
        }
    }

    private record Queued(Object event, long bytes) {
    }

    private void startDelivery() {
        Thread thread = new Thread(this::deliverUntilIdle, "async-cassandra-metrics-" + THREAD_COUNT.incrementAndGet());
        thread.setDaemon(true);
        deliveryThread = thread;
        thread.start();
    }

    private void deliverUntilIdle() {
        List<Object> batch = new ArrayList<>(BATCH);
        long idleSince = System.nanoTime();
        while (true) {
            if (queue.drainTo(batch, BATCH) == 0) {
                if (System.nanoTime() - idleSince < IDLE_NANOS) {
                    // A pause, not a wait on the queue: a sender then never has to wake this thread.
                    LockSupport.parkNanos(PAUSE_NANOS);
                    // Nothing else runs here, so an interrupt has nothing to stop; it must not spin the loop.
                    Thread.interrupted();
                    continue;
                }
                delivering.set(false);
                // An event queued after the last drain, whose sender saw this thread still running.
                if (queue.isEmpty() || !delivering.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            for (Object queued : batch) {
                Queued q = (Queued) queued;
                queuedBytes.addAndGet(-q.bytes());
                deliver(q.event());
                delivered.incrementAndGet();
            }
            batch.clear();
            idleSince = System.nanoTime();
        }
    }

    private void deliver(Object event) {
        if (event instanceof QueryEvent query) {
            logIfSlow(query);
            forEachCollector(collector -> collector.recordQuery(query));
        } else if (event instanceof NodeErrorEvent nodeError) {
            forEachCollector(collector -> collector.recordNodeError(nodeError));
        } else if (event instanceof StreamEvent stream) {
            forEachCollector(collector -> collector.recordStream(stream));
        } else if (event instanceof ConnectionMetrics connection) {
            forEachCollector(collector -> collector.recordConnection(connection));
        } else if (event instanceof NodeRemoved removed) {
            forEachCollector(collector -> collector.nodeRemoved(removed.host()));
        }
    }

    private void logIfSlow(QueryEvent event) {
        if (event.durationNanos() > slowQueryThresholdNanos && slowLog.isWarnEnabled()) {
            try {
                // The normalized text: literal values replaced, bound values never included.
                slowLog.warn("Slow {} query: {} ms (threshold {} ms), keyspace {}, {} rows, {}: {}", event.kind(),
                        event.durationNanos() / 1_000_000, slowQueryThresholdNanos / 1_000_000, event.keyspace(),
                        event.rowCount() < 0 ? "?" : event.rowCount(), event.success() ? "succeeded" : "failed with " + event.errorType(),
                        QueryFingerprint.normalize(event.query()));
            } catch (RuntimeException e) {
                log.debug("Slow-query log failed", e);
            }
        }
    }

    private void forEachCollector(Consumer<MetricsCollector> action) {
        for (MetricsCollector collector : collectors) {
            try {
                action.accept(collector);
            } catch (Throwable e) {
                // Whatever a collector throws, an Error too, the others still get the event.
                collectorFailed(collector, e);
            }
        }
    }

    /**
     * Waits until every event recorded before this call has been delivered to the collectors, or the
     * timeout has passed; for tests, and for a last report at shutdown.
     *
     * @param timeout how long to wait
     * @return whether everything was delivered in time
     * @throws IllegalStateException when called on the middleware's own thread or a driver I/O thread,
     *     where waiting would deadlock or stall the driver
     */
    public boolean flush(Duration timeout) {
        if (Thread.currentThread() == deliveryThread) {
            throw new IllegalStateException("MetricsMiddleware.flush() called from a collector: it would wait for "
                    + "itself");
        }
        Threads.checkMayBlock("MetricsMiddleware.flush()");
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (delivered.get() < target) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    /** {@return how many queries took longer than the slow-query threshold} */
    public long slowQueries() {
        return slowQueries.sum();
    }

    /** {@return how many times a collector has thrown} */
    public long collectorFailures() {
        return collectorFailures.get();
    }

    /** {@return events dropped because the queue to the collectors was full (in entries or bytes)} */
    public long droppedEvents() {
        return dropped.sum();
    }

    private void dropped(Object event) {
        dropped.increment();
        long now = System.nanoTime();
        long last = lastDropLog.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastDropLog.compareAndSet(last, now)) {
            log.warn("Metrics collectors fall behind: the queue of {} events / {} bytes is full, so a {} was dropped "
                    + "({} dropped so far). A collector is too slow or blocks.", queue.remainingCapacity()
                    + queue.size(), maxQueuedBytes, event.getClass().getSimpleName(), dropped.sum());
        }
    }

    private void collectorFailed(MetricsCollector collector, Throwable e) {
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
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private long queueBytes = DEFAULT_QUEUE_BYTES;

        private Builder() {
        }

        /**
         * Events that may wait for the collectors (default {@value #DEFAULT_QUEUE_CAPACITY}); beyond, dropped.
         *
         * @param events events that may wait for the collectors
         * @return this builder
         */
        public Builder queueCapacity(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1, was " + events);
            }
            this.queueCapacity = events;
            return this;
        }

        /**
         * Bytes that waiting events may hold, query text included (default 16 MiB); beyond, dropped.
         *
         * @param bytes bytes that waiting events may hold, query text included
         * @return this builder
         */
        public Builder queueBytes(long bytes) {
            if (bytes < EVENT_BYTES) {
                throw new IllegalArgumentException("queueBytes must be at least " + EVENT_BYTES + ", was " + bytes);
            }
            this.queueBytes = bytes;
            return this;
        }

        /**
         * Adds a collector.
         *
         * @param collector the collector
         * @return this builder
         */
        public Builder collector(MetricsCollector collector) {
            collectors.add(Objects.requireNonNull(collector, "collector"));
            return this;
        }

        /**
         * Logs (logger {@code io.github.asynccassandra.metrics.SlowQueries}, WARN) and counts every query
         * slower than this. The log shows the query with literals replaced, never bound values.
         *
         * @param threshold the threshold
         * @return this builder
         */
        public Builder slowQueryThreshold(Duration threshold) {
            if (threshold == null || threshold.isNegative()) {
                throw new IllegalArgumentException("slowQueryThreshold must not be negative, was " + threshold);
            }
            this.slowQueryThreshold = threshold;
            return this;
        }

        /** {@return the middleware; it needs at least one collector or a slow-query threshold} */
        public MetricsMiddleware build() {
            return new MetricsMiddleware(collectors, slowQueryThreshold, queueCapacity, queueBytes);
        }
    }
}
