package io.github.asynccassandra.bulk.internal;

import com.datastax.oss.driver.api.core.cql.Row;
import io.github.asynccassandra.AsyncResultSet;
import io.github.asynccassandra.internal.Flows;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of every sub-range, to one subscriber, with back-pressure: each range reading at once holds
 * at most one page that the subscriber has not taken yet, and asks for its next page only when that one
 * has been taken, so memory stays within parallelism × page size. Rows of different ranges interleave.
 * Signals are serial (one drainer at a time); a subscriber that throws from {@code onNext} ends the scan.
 */
final class ScanPublisher implements Flow.Publisher<Row> {

    private static final Logger log = LoggerFactory.getLogger(ScanPublisher.class);

    /** Starts the range tasks: given the page consumer and the stop flag, returns the tasks. */
    private final BiFunction<Function<AsyncResultSet, CompletionStage<?>>, BooleanSupplier, RangeTasks> start;
    private final int parallelism;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    ScanPublisher(int parallelism,
            BiFunction<Function<AsyncResultSet, CompletionStage<?>>, BooleanSupplier, RangeTasks> start) {
        this.parallelism = parallelism;
        this.start = start;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Row> subscriber) {
        if (subscriber == null) {
            throw new NullPointerException("subscriber (rule 1.9)");
        }
        if (!subscribed.compareAndSet(false, true)) {
            Flows.refuse(subscriber, new IllegalStateException("A bulk scan can be subscribed to once; call scan "
                    + "again"));
            return;
        }
        new Scan(subscriber).begin();
    }

    /** The page a range handed over, the rows of it not delivered yet, and the signal to read on. */
    private record Slot(Iterator<Row> rows, CompletableFuture<Void> taken) {
    }

    private final class Scan implements Flow.Subscription {
        private final Flow.Subscriber<? super Row> subscriber;
        private final Queue<Slot> ready = new ConcurrentLinkedQueue<>();
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile boolean cancelled;
        private volatile boolean rangesDone;
        private volatile @Nullable Throwable failure;
        private @Nullable Slot current;
        private boolean terminated;
        private @Nullable RangeTasks tasks;

        Scan(Flow.Subscriber<? super Row> subscriber) {
            this.subscriber = subscriber;
        }

        void begin() {
            subscriber.onSubscribe(this);
            RangeTasks started = start.apply(this::offer, () -> cancelled || failure != null);
            tasks = started;
            if (cancelled || failure != null) {
                // cancelled or refused from onSubscribe, before there were tasks to stop
                stopTasks();
            }
            started.run(parallelism).whenComplete((ignored, error) -> {
                if (error != null && !(error instanceof CancellationException)) {
                    failure = error;
                }
                rangesDone = true;
                drain();
            });
        }

        private CompletionStage<?> offer(AsyncResultSet page) {
            if (page.size() == 0 || cancelled) {
                return CompletableFuture.completedFuture(null);
            }
            Slot slot = new Slot(page.iterator(), new CompletableFuture<>());
            ready.add(slot);
            drain();
            return slot.taken();
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                failure = new IllegalArgumentException("request(n) needs n > 0, was " + n + " (rule 3.9)");
                stopTasks();
            } else {
                demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
            }
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            stopTasks();
            drain();
        }

        private void stopTasks() {
            RangeTasks running = tasks;
            if (running != null) {
                running.stop(new CancellationException("scan cancelled"));
            }
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                try {
                    drainLoop();
                } catch (Throwable t) {
                    log.warn("Bulk scan subscriber threw from onNext; the scan is cancelled", t);
                    terminated = true;
                    cancelled = true;
                    stopTasks();
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void drainLoop() {
            while (!terminated) {
                if (cancelled) {
                    terminated = true;
                    releaseAll();
                    return;
                }
                Throwable error = failure;
                if (error != null) {
                    terminated = true;
                    releaseAll();
                    subscriber.onError(error);
                    return;
                }
                Slot slot = current;
                if (slot == null) {
                    slot = ready.poll();
                    if (slot == null) {
                        if (rangesDone) {
                            terminated = true;
                            subscriber.onComplete();
                        }
                        return;
                    }
                    current = slot;
                }
                if (!slot.rows().hasNext()) {
                    current = null;
                    slot.taken().complete(null);
                    continue;
                }
                if (demand.get() == 0) {
                    return;
                }
                if (demand.get() != Long.MAX_VALUE) {
                    demand.decrementAndGet();
                }
                subscriber.onNext(slot.rows().next());
            }
        }

        /** Lets every range waiting on a page go on (to see the stop) so the tasks end. */
        private void releaseAll() {
            Slot slot = current;
            current = null;
            if (slot != null) {
                slot.taken().complete(null);
            }
            for (Slot waiting; (waiting = ready.poll()) != null; ) {
                waiting.taken().complete(null);
            }
        }
    }
}
