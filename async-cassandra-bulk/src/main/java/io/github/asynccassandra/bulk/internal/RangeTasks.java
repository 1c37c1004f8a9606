package io.github.asynccassandra.bulk.internal;

import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import io.github.asynccassandra.bulk.BulkRangeException;
import io.github.asynccassandra.internal.Completion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Runs one task per sub-range, at most {@code parallelism} at once, each tried again after a growing
 * pause when it fails. The result completes when every range is done, or fails as soon as one range has
 * failed every try (no new range starts after that; those running finish on their own). Never blocks.
 */
final class RangeTasks<T> {

    private final List<TokenRange> ranges;
    private final int maxRetries;
    private final Duration backoff;
    private final Function<TokenRange, CompletableFuture<T>> task;
    private final BiConsumer<TokenRange, T> onDone;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger workers = new AtomicInteger();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final CompletableFuture<Void> result = new CompletableFuture<>();

    RangeTasks(List<TokenRange> ranges, int maxRetries, Duration backoff,
            Function<TokenRange, CompletableFuture<T>> task, BiConsumer<TokenRange, T> onDone) {
        this.ranges = ranges;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.task = task;
        this.onDone = onDone;
    }

    CompletableFuture<Void> run(int parallelism) {
        int started = Math.min(parallelism, ranges.size());
        if (started == 0) {
            result.complete(null);
            return result;
        }
        workers.set(started);
        for (int i = 0; i < started; i++) {
            takeNext();
        }
        return result;
    }

    /** One worker: the next range not taken yet, or the end of this worker. */
    private void takeNext() {
        int index = next.getAndIncrement();
        if (failed.get() || index >= ranges.size()) {
            if (workers.decrementAndGet() == 0 && !failed.get()) {
                result.complete(null);
            }
            return;
        }
        attempt(ranges.get(index), 0);
    }

    private void attempt(TokenRange range, int retry) {
        CompletableFuture<T> running;
        try {
            running = task.apply(range);
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        running.whenComplete((value, error) -> {
            if (error == null) {
                try {
                    onDone.accept(range, value);
                } catch (RuntimeException e) {
                    fail(range, e);
                    return;
                }
                takeNext();
            } else if (retry < maxRetries && !failed.get()) {
                long pause = backoff.toMillis() << Math.min(retry, 20);
                CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS).execute(() -> attempt(range, retry + 1));
            } else {
                fail(range, Completion.unwrap(error));
            }
        });
    }

    private void fail(TokenRange range, Throwable error) {
        if (failed.compareAndSet(false, true)) {
            result.completeExceptionally(new BulkRangeException(range, maxRetries + 1, error));
        }
    }
}
