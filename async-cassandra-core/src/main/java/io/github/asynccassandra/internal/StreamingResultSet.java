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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back-pressured stream behind {@code executeStream}. All signals to the subscriber go through one
 * serialised drain loop ({@link #drain()}), always off the driver's I/O threads, and only once
 * {@code onSubscribe} has returned. The next page is requested from it only when the subscriber's
 * outstanding demand reaches past the rows left in the current page; it is then fetched while those rows
 * are delivered, so at most one page is held beside the current one.
 *
 * <p>The end of the stream (resources released, metrics told) happens exactly once, through
 * {@link #end(boolean)}, whichever of close, cancel, error and the last page comes first; the terminal
 * signal is sent exactly once, by the drain loop. A stream closed before anyone subscribed completes its
 * later subscriber at once.
 */
public final class StreamingResultSet implements AsyncStreamingResultSet {

    /** Fetches the pages after the first, and is told when the stream ends, for metrics. */
    public interface PageObserver {
        /** Sends the request for the page after {@code page}; each page is measured as a request of its own. */
        default CompletionStage<AsyncResultSet> fetchNextPage(AsyncResultSet page) {
            return page.fetchNextPage();
        }

        void onEnd(boolean cancelled, int pages, long rows);
    }

    private static final Logger log = LoggerFactory.getLogger(StreamingResultSet.class);
    private static final Iterator<Row> NO_ROWS = Collections.emptyIterator();

    private final StreamConfig config;
    private final Executor executor;
    private final PageObserver observer;

    /** Whether a consumer has come: a stream is consumed once. */
    private final AtomicBoolean claimed = new AtomicBoolean();
    /** The consumer, from just before {@code onSubscribe} until it is cancelled or terminated (rule 3.13). */
    private volatile Flow.Subscriber<Object> subscriber;
    /** Set once {@code onSubscribe} has returned: no signal may come before (rule 1.9). */
    private volatile boolean subscribed;
    private volatile boolean pageMode;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();

    private volatile AsyncResultSet currentPage;
    private volatile Iterator<Row> rows;
    private volatile boolean fetching;
    /** The next page once it has arrived, until the current one is used up. */
    private volatile AsyncResultSet nextPage;
    /** Why the next page could not be fetched; signalled once the current page is used up. */
    private volatile Throwable nextPageFailure;
    private volatile Throwable failure;
    private volatile boolean closeRequested;
    private volatile boolean cancelled;
    /** Whether the terminal signal has been sent; read and written by the drainer only. */
    private boolean terminalSignalled;
    private final AtomicBoolean ended = new AtomicBoolean();
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
        if (!claimed.compareAndSet(false, true)) {
            Flows.refuse(s, new IllegalStateException("An AsyncStreamingResultSet can be consumed only once"));
            return;
        }
        pageMode = pages;
        subscriber = s;
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
                subscriber = null;
                end(true);
            }
        });
        subscribed = true;
        drain();
    }

    private void drain() {
        drain(false);
    }

    /**
     * Runs the drain loop on the calling thread, unless another thread is already running it; on a driver
     * thread (a page callback, or a subscriber calling {@code request} from a stage the driver completed)
     * it goes to the executor, so that no signal ever runs there.
     *
     * @param onDriverThread whether the caller knows it is on a driver thread (saves the check)
     */
    private void drain(boolean onDriverThread) {
        if (wip.getAndIncrement() == 0) {
            if (onDriverThread || DriverInternals.onDriverThread()) {
                Completion.runOn(executor, this::drainUntilQuiet);
            } else {
                drainUntilQuiet();
            }
        }
    }

    private void drainUntilQuiet() {
        int missed = 1;
        do {
            try {
                drainLoop();
            } catch (Throwable t) {
                // A subscriber that throws from onNext breaks the rules; stop rather than loop.
                log.warn("Stream subscriber threw; the stream is stopped", t);
                cancelled = true;
                subscriber = null;
                end(true);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drainLoop() {
        Flow.Subscriber<Object> s = subscriber;
        if (s == null || !subscribed || terminalSignalled) {
            return;
        }
        while (true) {
            if (cancelled) {
                return;
            }
            if (closeRequested) {
                signalComplete(s, true);
                return;
            }
            Throwable error = failure;
            if (error != null) {
                terminalSignalled = true;
                subscriber = null;
                end(false);
                s.onError(error);
                return;
            }
            AsyncResultSet page = currentPage;
            Iterator<Row> current = rows;
            if (page == null) {
                return;
            }
            if (current.hasNext()) {
                if (demand.get() == 0) {
                    return;
                }
                if (pageMode) {
                    takeDemand();
                    List<Row> whole = new ArrayList<>(page.remaining());
                    current.forEachRemaining(whole::add);
                    readAheadIfDemanded(page);
                    s.onNext(whole);
                } else {
                    deliverRows(s, page, current);
                }
                continue;
            }
            // fetching is read before nextPage: the fetch callback sets nextPage before it clears fetching.
            if (fetching) {
                return;
            }
            AsyncResultSet arrived = nextPage;
            if (arrived != null) {
                nextPage = null;
                accept(arrived);
                continue;
            }
            Throwable fetchError = nextPageFailure;
            if (fetchError != null) {
                // Signalled only now, after the rows delivered before it.
                failure = fetchError;
                continue;
            }
            if (!mayFetchAfter(page)) {
                signalComplete(s, false);
                return;
            }
            if (demand.get() == 0) {
                return;
            }
            fetchNextPage(page);
        }
    }

    private void signalComplete(Flow.Subscriber<Object> s, boolean byClose) {
        terminalSignalled = true;
        subscriber = null;
        end(byClose);
        s.onComplete();
    }

    /** The current page's rows while there is demand and nothing stops the stream. */
    private void deliverRows(Flow.Subscriber<Object> s, AsyncResultSet page, Iterator<Row> current) {
        while (current.hasNext() && demand.get() != 0 && !cancelled && !closeRequested && failure == null) {
            takeDemand();
            s.onNext(current.next());
            readAheadIfDemanded(page);
        }
    }

    /** Requests the next page now if the demand left goes beyond the current page's remaining rows. */
    private void readAheadIfDemanded(AsyncResultSet page) {
        if (!fetching && nextPage == null && nextPageFailure == null && !isDone()
                && demand.get() > page.remaining() && mayFetchAfter(page)) {
            fetchNextPage(page);
        }
    }

    private boolean mayFetchAfter(AsyncResultSet page) {
        int maxPages = config.maxPages();
        return page.hasMorePages() && (maxPages == 0 || pageNumber.get() < maxPages);
    }

    /** By the drainer only, with demand above zero; unbounded demand stays so without a write per row. */
    private void takeDemand() {
        if (demand.get() != Long.MAX_VALUE) {
            demand.decrementAndGet();
        }
    }

    private void fetchNextPage(AsyncResultSet page) {
        fetching = true;
        CompletionStage<AsyncResultSet> next;
        try {
            next = observer.fetchNextPage(page);
        } catch (RuntimeException e) {
            next = CompletableFuture.failedFuture(e);
        }
        next.whenComplete((arrived, error) -> {
            try {
                if (error != null) {
                    nextPageFailure = Completion.publicError(error);
                } else if (!isDone()) {
                    nextPage = arrived;
                    if (ended.get()) {
                        // Ended while the page was stored: hold nothing.
                        nextPage = null;
                    }
                }
            } catch (Throwable t) {
                nextPageFailure = Completion.publicError(t);
            } finally {
                fetching = false;
                drain(true);
            }
        });
    }

    /**
     * Ends the stream once, whoever calls first: drops the pages and tells the observer (metrics).
     *
     * @param stoppedEarly whether it was closed or cancelled rather than read to its end or failed
     */
    private void end(boolean stoppedEarly) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        boolean started = currentPage != null;
        rows = NO_ROWS;
        currentPage = null;
        nextPage = null;
        if (started) {
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
        return ended.get() || cancelled || closeRequested;
    }

    /**
     * Ends the stream now and completes its subscriber, present or future: one that subscribes after the
     * close gets {@code onSubscribe} then {@code onComplete} at once.
     */
    @Override
    public void close() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        end(true);
        drain();
    }
}
