package io.github.asynccassandra.reliability;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Keeps a number of requests in flight until stopped, each request numbered; records which numbers were
 * acknowledged, and successes and failures per second since the start.
 */
final class ClosedLoop {

    private final IntFunction<CompletableFuture<?>> request;
    private final AtomicInteger next = new AtomicInteger();
    private final long startNanos = System.nanoTime();
    private final CountDownLatch stopped;
    private volatile boolean stopping;
    final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final Map<Long, AtomicLong[]> perSecond = new ConcurrentSkipListMap<>();
    final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

    private final boolean slotEndsOnFailure;

    private ClosedLoop(int concurrency, IntFunction<CompletableFuture<?>> request, boolean slotEndsOnFailure) {
        this.request = request;
        this.stopped = new CountDownLatch(concurrency);
        this.slotEndsOnFailure = slotEndsOnFailure;
    }

    /** Starts {@code concurrency} request loops; {@code request} gets the request's number. */
    static ClosedLoop start(int concurrency, IntFunction<CompletableFuture<?>> request) {
        return start(concurrency, request, false);
    }

    /**
     * Starts {@code concurrency} request loops; with {@code slotEndsOnFailure}, a loop stops at its first
     * failure, like a client that gives up when the service goes away.
     */
    static ClosedLoop start(int concurrency, IntFunction<CompletableFuture<?>> request, boolean slotEndsOnFailure) {
        ClosedLoop loop = new ClosedLoop(concurrency, request, slotEndsOnFailure);
        for (int i = 0; i < concurrency; i++) {
            loop.send();
        }
        return loop;
    }

    private void send() {
        while (!stopping) {
            int number = next.getAndIncrement();
            sent.incrementAndGet();
            CompletableFuture<?> future;
            try {
                future = request.apply(number);
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            if (!future.isDone()) {
                future.whenComplete((result, error) -> {
                    record(number, error);
                    if (error != null && slotEndsOnFailure) {
                        stopped.countDown();
                    } else {
                        send();
                    }
                });
                return;
            }
            Throwable error = future.isCompletedExceptionally() ? future.handle((r, e) -> e).join() : null;
            record(number, error);
            if (error != null && slotEndsOnFailure) {
                break;
            }
        }
        stopped.countDown();
    }

    private void record(int number, Throwable error) {
        long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        AtomicLong[] counts = perSecond.computeIfAbsent(second, s -> new AtomicLong[] {new AtomicLong(),
                new AtomicLong()});
        if (error == null) {
            acknowledged.add(number);
            counts[0].incrementAndGet();
        } else {
            failed.incrementAndGet();
            counts[1].incrementAndGet();
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            errors.computeIfAbsent(cause.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** Seconds since the start. */
    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Stops sending and waits until every request in flight has completed; false if some never did. */
    boolean stopAndAwait(long seconds) throws InterruptedException {
        stopping = true;
        return stopped.await(seconds, TimeUnit.SECONDS);
    }

    long acknowledgedBetween(long fromSecond, long toSecond) {
        return perSecond.entrySet().stream().filter(e -> e.getKey() >= fromSecond && e.getKey() < toSecond)
                .mapToLong(e -> e.getValue()[0].get()).sum();
    }

    /** The last second in which a request failed, or -1. */
    long lastFailureSecond() {
        return perSecond.entrySet().stream().filter(e -> e.getValue()[1].get() > 0).mapToLong(Map.Entry::getKey)
                .max().orElse(-1);
    }

    /** The first second in which a request failed, or -1. */
    long firstFailureSecond() {
        return perSecond.entrySet().stream().filter(e -> e.getValue()[1].get() > 0).mapToLong(Map.Entry::getKey)
                .min().orElse(-1);
    }
}
