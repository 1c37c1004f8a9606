package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.Row;
import io.github.asynccassandra.streaming.AsyncStreamingResultSet;
import io.github.asynccassandra.streaming.StreamConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back-pressured stream behind {@code executeStream}. All signals to the subscriber go through one
 * serialised drain loop ({@link #drain()}); a page request is issued from it only when the current page
 * is used up and the subscriber has outstanding demand.
 */
public final class StreamingResultSet implements AsyncStreamingResultSet {

    /** Told about each page fetch, for metrics. */
    public interface PageObserver {
        void onPage(long startedNanos, int rows, ExecutionInfo info, Throwable error);

        void onEnd(boolean cancelled, int pages, long rows);
    }

    private static final Logger log = LoggerFactory.getLogger(StreamingResultSet.class);
    private static final Iterator<Row> NO_ROWS = Collections.emptyIterator();

    private final StreamConfig config;
    private final Executor executor;
    private final PageObserver observer;

    private final AtomicReference<Flow.Subscriber<Object>> subscriber = new AtomicReference<>();
    private volatile boolean pageMode;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();

    private volatile AsyncResultSet currentPage;
    private volatile Iterator<Row> rows;
    private volatile boolean fetching;
    private volatile Throwable failure;
    private volatile boolean closeRequested;
    private volatile boolean cancelled;
    private volatile boolean terminated;
    private final AtomicInteger pageNumber = new AtomicInteger();
    private final AtomicLong totalRows = new AtomicLong();

    public StreamingResultSet(AsyncResultSet firstPage, StreamConfig config, Executor executor, PageObserver observer) {
        this.config = config;
        this.executor = executor;
        this.observer = observer;
        accept(firstPage);
    }

    private void accept(AsyncResultSet page) {
        currentPage = page;
        rows = page.currentPage().iterator();
        int number = pageNumber.incrementAndGet();
        int count = page.remaining();
        totalRows.addAndGet(count);
        StreamConfig.PageCallback callback = config.pageCallback();
        if (callback != null) {
            try {
                callback.onPage(number, count);
            } catch (RuntimeException e) {
                log.warn("pageCallback threw on page {}; the stream goes on", number, e);
            }
        }
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Row> rowSubscriber) {
        subscribe(rowSubscriber, false);
    }

    @Override
    public Flow.Publisher<List<Row>> pages() {
        return pageSubscriber -> subscribe(pageSubscriber, true);
    }

    @SuppressWarnings("unchecked")
    private void subscribe(Flow.Subscriber<?> candidate, boolean pages) {
        if (candidate == null) {
            throw new NullPointerException("subscriber");
        }
        Flow.Subscriber<Object> s = (Flow.Subscriber<Object>) candidate;
        if (!subscriber.compareAndSet(null, s)) {
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            s.onError(new IllegalStateException("An AsyncStreamingResultSet can be consumed only once"));
            return;
        }
        pageMode = pages;
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    failure = new IllegalArgumentException("request(n) needs n > 0, was " + n + " (rule 3.9)");
                } else {
                    demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
                }
                drain();
            }

            @Override
            public void cancel() {
                cancelled = true;
                release(true);
            }
        });
        drain();
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
                // A subscriber that throws from onNext breaks the rules; stop rather than loop.
                log.warn("Stream subscriber threw; the stream is stopped", t);
                cancelled = true;
                release(true);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drainLoop() {
        Flow.Subscriber<Object> s = subscriber.get();
        if (s == null || terminated || cancelled) {
            return;
        }
        while (true) {
            if (cancelled) {
                return;
            }
            if (closeRequested) {
                terminate(true);
                s.onComplete();
                return;
            }
            Throwable error = failure;
            if (error != null) {
                terminate(false);
                s.onError(error);
                return;
            }
            if (fetching) {
                return;
            }
            Iterator<Row> current = rows;
            if (current.hasNext()) {
                if (demand.get() == 0) {
                    return;
                }
                takeDemand();
                if (pageMode) {
                    List<Row> page = new ArrayList<>(currentPage.remaining());
                    current.forEachRemaining(page::add);
                    s.onNext(page);
                } else {
                    s.onNext(current.next());
                }
                continue;
            }
            int maxPages = config.maxPages();
            if (!currentPage.hasMorePages() || (maxPages > 0 && pageNumber.get() >= maxPages)) {
                terminate(false);
                s.onComplete();
                return;
            }
            if (demand.get() == 0) {
                return;
            }
            fetchNextPage();
            return;
        }
    }

    /** By the drainer only, with demand above zero; unbounded demand stays so without a write per row. */
    private void takeDemand() {
        if (demand.get() != Long.MAX_VALUE) {
            demand.decrementAndGet();
        }
    }

    private void fetchNextPage() {
        fetching = true;
        long started = System.nanoTime();
        CompletionStage<AsyncResultSet> next;
        try {
            next = currentPage.fetchNextPage();
        } catch (RuntimeException e) {
            next = CompletableFuture.failedFuture(e);
        }
        next.whenComplete((page, error) -> {
            try {
                if (error != null) {
                    Throwable publicError = Completion.publicError(error);
                    observer.onPage(started, 0, null, publicError);
                    failure = publicError;
                } else if (!isDone()) {
                    accept(page);
                    observer.onPage(started, page.remaining(), page.getExecutionInfo(), null);
                }
            } catch (Throwable t) {
                failure = Completion.publicError(t);
            } finally {
                fetching = false;
                // Deliver off the driver's I/O thread.
                try {
                    executor.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    drain();
                }
            }
        });
    }

    private void terminate(boolean byClose) {
        terminated = true;
        release(byClose);
    }

    private void release(boolean stoppedEarly) {
        boolean wasRunning = currentPage != null;
        rows = NO_ROWS;
        currentPage = null;
        if (wasRunning) {
            observer.onEnd(stoppedEarly, pageNumber.get(), totalRows.get());
        }
    }

    @Override
    public CompletableFuture<Long> forEach(Consumer<? super Row> action) {
        Consumption consumption = new Consumption(Long.MAX_VALUE) {
            @Override
            public void onNext(Object item) {
                try {
                    action.accept((Row) item);
                    count++;
                } catch (RuntimeException e) {
                    stop(e);
                }
            }
        };
        subscribe(consumption, false);
        return consumption.done;
    }

    @Override
    public CompletableFuture<Long> forEachAsync(Function<? super Row, ? extends CompletionStage<?>> action) {
        return consumeOneByOne(false, item -> action.apply((Row) item));
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<Long> forEachPageAsync(Function<? super List<Row>, ? extends CompletionStage<?>> action) {
        return consumeOneByOne(true, item -> action.apply((List<Row>) item));
    }

    /** Requests one item, runs the action, and requests the next when its stage completes. */
    private CompletableFuture<Long> consumeOneByOne(boolean pages,
            Function<Object, ? extends CompletionStage<?>> action) {
        Consumption consumption = new Consumption(1) {
            @Override
            public void onNext(Object item) {
                CompletionStage<?> stage;
                try {
                    stage = action.apply(item);
                } catch (RuntimeException e) {
                    stop(e);
                    return;
                }
                count += item instanceof List<?> page ? page.size() : 1;
                if (stage == null) {
                    subscription.request(1);
                    return;
                }
                stage.whenComplete((ignored, error) -> {
                    if (error != null) {
                        stop(Completion.unwrap(error));
                    } else {
                        subscription.request(1);
                    }
                });
            }
        };
        subscribe(consumption, pages);
        return consumption.done;
    }

    /** A subscriber that counts rows and completes a future when the stream ends. */
    private abstract static class Consumption implements Flow.Subscriber<Object> {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        /** Rows consumed; onNext and onComplete are signalled serially (rule 1.3), one drainer at a time. */
        long count;
        private final long initialDemand;
        Flow.Subscription subscription;

        Consumption(long initialDemand) {
            this.initialDemand = initialDemand;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(initialDemand);
        }

        /** Stops the stream because the consumer failed, and fails the future with that failure. */
        void stop(Throwable failure) {
            subscription.cancel();
            done.completeExceptionally(failure);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            done.complete(count);
        }
    }

    @Override
    public int pageNumber() {
        return pageNumber.get();
    }

    @Override
    public ExecutionInfo executionInfo() {
        AsyncResultSet page = currentPage;
        return page == null ? null : page.getExecutionInfo();
    }

    @Override
    public long totalRowsFetched() {
        return totalRows.get();
    }

    @Override
    public void cancel() {
        close();
    }

    @Override
    public boolean isDone() {
        return terminated || cancelled || closeRequested;
    }

    @Override
    public void close() {
        if (closeRequested || terminated || cancelled) {
            return;
        }
        closeRequested = true;
        if (subscriber.get() == null) {
            terminated = true;
            release(true);
        } else {
            drain();
        }
    }
}
