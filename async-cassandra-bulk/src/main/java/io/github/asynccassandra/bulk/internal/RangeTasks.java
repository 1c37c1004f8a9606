package io.github.asynccassandra.bulk.internal;

import io.github.asynccassandra.internal.Completion;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one task per sub-range, at most {@code parallelism} at once. The result completes when every
 * range is done, or fails as soon as one range has failed (no new range starts after that; those running
 * finish on their own, and {@link #whenIdle()} tells when they have). Retrying is the task's business:
 * a page is retried where it failed ({@link Pages}), so a range never starts over. Never blocks.
 */
final class RangeTasks {

    private final List<PlannedRange> ranges;
    private final Function<PlannedRange, CompletableFuture<?>> task;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger workers = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CompletableFuture<Void> result = new CompletableFuture<>();
    private final CompletableFuture<Void> idle = new CompletableFuture<>();

    RangeTasks(List<PlannedRange> ranges, Function<PlannedRange, CompletableFuture<?>> task) {
        this.ranges = ranges;
        this.task = task;
    }

    CompletableFuture<Void> run(int parallelism) {
        int started = Math.min(parallelism, ranges.size());
        if (started == 0) {
            result.complete(null);
            idle.complete(null);
            return result;
        }
        workers.set(started);
        for (int i = 0; i < started; i++) {
            takeNext();
        }
        return result;
    }

    /** Stops starting ranges (a cancelled scan); the result fails with {@code reason} unless done. */
    void stop(Throwable reason) {
        stopped.set(true);
        result.completeExceptionally(reason);
    }

    /** Completes once no range task is running any more. */
    CompletableFuture<Void> whenIdle() {
        return idle;
    }

    /** One worker: the next range not taken yet, or the end of this worker. */
    private void takeNext() {
        int index = next.getAndIncrement();
        if (stopped.get() || index >= ranges.size()) {
            if (workers.decrementAndGet() == 0) {
                result.complete(null);
                idle.complete(null);
            }
            return;
        }
        PlannedRange range = ranges.get(index);
        CompletableFuture<?> running;
        try {
            running = task.apply(range);
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        running.whenComplete((value, error) -> {
            if (error != null) {
                stopped.set(true);
                result.completeExceptionally(Completion.unwrap(error));
            }
            takeNext();
        });
    }
}
