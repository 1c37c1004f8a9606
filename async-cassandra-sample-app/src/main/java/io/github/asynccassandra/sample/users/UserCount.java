package io.github.asynccassandra.sample.users;

import io.github.asynccassandra.bulk.BulkOperations;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The number of users, bounded in cost: a count scans the whole table, so one runs at a time (callers meanwhile
 * share it) and its result is served for {@code sample.count.cache-for}. A failed count is not kept.
 */
@Component
class UserCount {

    private final BulkOperations bulk;
    private final long cacheForNanos;
    private CompletableFuture<Long> latest = CompletableFuture.failedFuture(new IllegalStateException("not counted"));
    private long countedAtNanos;

    UserCount(BulkOperations bulk, @Value("${sample.count.cache-for}") Duration cacheFor) {
        this.bulk = bulk;
        this.cacheForNanos = cacheFor.toNanos();
    }

    /** The running count, the last one while it is fresh, else a new one; a copy, so a caller cannot cancel it. */
    synchronized CompletableFuture<Long> get() {
        boolean running = !latest.isDone();
        boolean fresh = latest.isDone() && !latest.isCompletedExceptionally()
                && System.nanoTime() - countedAtNanos < cacheForNanos;
        if (!running && !fresh) {
            CompletableFuture<Long> started = bulk.count(UserRepository.KEYSPACE, "users");
            latest = started;
            started.whenComplete((count, error) -> counted(started));
        }
        return latest.copy();
    }

    private synchronized void counted(CompletableFuture<Long> count) {
        if (latest == count) {
            countedAtNanos = System.nanoTime();
        }
    }
}
