package io.github.asynccassandra.bulk.internal;

import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import io.github.asynccassandra.bulk.BulkOptions;
import io.github.asynccassandra.internal.Completion;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A request tried again after a growing pause ({@link BulkOptions#retryBackoff()}, doubled each time, at
 * most {@link #MAX_PAUSE}, with jitter) up to {@link BulkOptions#maxRetries()} times. A request the server refuses as invalid is not tried again.
 */
final class Retries {

    /** The longest pause between two tries: with the default retries, a range that cannot succeed fails in minutes. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    private Retries() {
    }

    /**
     * @param exhausted turns the last error and the number of tries into the error the result fails with
     */
    static <T> CompletableFuture<T> withBackoff(Supplier<CompletableFuture<T>> request, BulkOptions options,
            BiFunction<Throwable, Integer, Throwable> exhausted) {
        return withBackoff(request, options.maxRetries(), options.retryBackoff(), exhausted);
    }

    static <T> CompletableFuture<T> withBackoff(Supplier<CompletableFuture<T>> request, int maxRetries,
            Duration backoff, BiFunction<Throwable, Integer, Throwable> exhausted) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(request, maxRetries, backoff, exhausted, result, 0);
        return result;
    }

    /**
     * The pause before try {@code retry + 2}: the backoff doubled {@code retry} times, at most {@link #MAX_PAUSE}, of
     * which a random half is waited ("equal jitter"), so that ranges that failed together do not retry together.
     *
     * @param random in [0, 1)
     */
    static long pauseMillis(Duration backoff, int retry, double random) {
        long pause = Math.min(backoff.toMillis() << Math.min(retry, 20), MAX_PAUSE.toMillis());
        return pause / 2 + (long) (random * (pause - pause / 2));
    }

    private static <T> void attempt(Supplier<CompletableFuture<T>> request, int maxRetries, Duration backoff,
            BiFunction<Throwable, Integer, Throwable> exhausted, CompletableFuture<T> result, int retry) {
        CompletableFuture<T> running;
        try {
            running = request.get();
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        running.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = Completion.unwrap(error);
            if (cause instanceof QueryValidationException) {
                result.completeExceptionally(cause);
            } else if (retry >= maxRetries) {
                result.completeExceptionally(exhausted.apply(cause, retry + 1));
            } else {
                long pause = pauseMillis(backoff, retry, ThreadLocalRandom.current().nextDouble());
                CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(request, maxRetries, backoff, exhausted, result, retry + 1));
            }
        });
    }
}
