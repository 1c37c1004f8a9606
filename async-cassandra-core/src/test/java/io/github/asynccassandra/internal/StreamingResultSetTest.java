package io.github.asynccassandra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.internal.core.util.concurrent.BlockingOperation;
import io.github.asynccassandra.streaming.StreamConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The stream's state machine, on fake pages: back-pressure, empty pages, errors, cancel and close. */
class StreamingResultSetTest {

    private final AtomicInteger pageRequests = new AtomicInteger();
    /** When set, page fetches wait here until the test answers them, as a real fetch waits for Cassandra. */
    private ArrayDeque<Runnable> unansweredFetches;

    /** A chain of fake pages; each entry is a page's row count, -1 for a page whose fetch fails. */
    private AsyncResultSet pages(int... sizes) {
        return page(sizes, 0, new AtomicInteger());
    }

    private AsyncResultSet page(int[] sizes, int index, AtomicInteger rowIds) {
        ArrayDeque<Row> rows = new ArrayDeque<>();
        for (int i = 0; i < sizes[index]; i++) {
            rowIds.incrementAndGet();
            rows.add(fakeRow());
        }
        boolean last = index == sizes.length - 1;
        return new AsyncResultSet() {
            @Override
            public ColumnDefinitions getColumnDefinitions() {
                return null;
            }

            @Override
            public ExecutionInfo getExecutionInfo() {
                return null;
            }

            @Override
            public int remaining() {
                return rows.size();
            }

            @Override
            public Iterable<Row> currentPage() {
                return () -> new java.util.Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return !rows.isEmpty();
                    }

                    @Override
                    public Row next() {
                        return rows.poll();
                    }
                };
            }

            @Override
            public boolean hasMorePages() {
                return !last;
            }

            @Override
            public CompletionStage<AsyncResultSet> fetchNextPage() {
                pageRequests.incrementAndGet();
                if (sizes[index + 1] < 0) {
                    return CompletableFuture.failedFuture(new ReadTimeoutException(null,
                            com.datastax.oss.driver.api.core.DefaultConsistencyLevel.ONE, 0, 1, false));
                }
                if (unansweredFetches != null) {
                    CompletableFuture<AsyncResultSet> answer = new CompletableFuture<>();
                    unansweredFetches.add(() -> answer.complete(page(sizes, index + 1, rowIds)));
                    return answer;
                }
                return CompletableFuture.completedFuture(page(sizes, index + 1, rowIds));
            }

            @Override
            public boolean wasApplied() {
                return true;
            }
        };
    }

    private StreamingResultSet stream(AsyncResultSet first, StreamConfig config) {
        return stream(first, config, Runnable::run);
    }

    private StreamingResultSet stream(AsyncResultSet first, StreamConfig config, Executor executor) {
        return new StreamingResultSet(first, config, executor, (cancelled, pages, rows) -> { });
    }

    @Test
    void nextPageIsFetchedOnlyWhenDemandNeedsIt() {
        StreamingResultSet stream = stream(pages(3, 3, 3), StreamConfig.DEFAULT);
        Recorder recorder = new Recorder();
        stream.subscribe(recorder);
        assertThat(pageRequests).hasValue(0);
        recorder.subscription.request(3);
        assertThat(recorder.items).hasSize(3);
        assertThat(pageRequests).as("no demand yet for page 2").hasValue(0);
        recorder.subscription.request(1);
        assertThat(pageRequests).hasValue(1);
        assertThat(recorder.items).hasSize(4);
        recorder.subscription.request(100);
        assertThat(recorder.items).hasSize(9);
        assertThat(recorder.completed).isTrue();
        assertThat(stream.pageNumber()).isEqualTo(3);
        assertThat(stream.totalRowsFetched()).isEqualTo(9);
    }

    @Test
    void theNextPageIsFetchedWhileTheCurrentOneIsDeliveredButNeverTwoAhead() {
        unansweredFetches = new ArrayDeque<>();
        StreamingResultSet stream = stream(pages(3, 3, 3), StreamConfig.DEFAULT);
        Recorder recorder = new Recorder();
        stream.subscribe(recorder);
        recorder.subscription.request(4);
        assertThat(recorder.items).as("page 1 is delivered while page 2 is on its way").hasSize(3);
        assertThat(pageRequests).hasValue(1);
        recorder.subscription.request(100);
        assertThat(pageRequests).as("one page ahead at most").hasValue(1);
        unansweredFetches.poll().run();
        assertThat(recorder.items).hasSize(6);
        assertThat(pageRequests).as("page 3 requested as page 2 started").hasValue(2);
        unansweredFetches.poll().run();
        assertThat(recorder.items).hasSize(9);
        assertThat(recorder.completed).isTrue();
        assertThat(stream.pageNumber()).isEqualTo(3);
    }

    @Test
    void aPageReadAheadIsDroppedWhenTheStreamIsClosed() {
        unansweredFetches = new ArrayDeque<>();
        StreamingResultSet stream = stream(pages(3, 3), StreamConfig.DEFAULT);
        Recorder recorder = new Recorder();
        stream.subscribe(recorder);
        recorder.subscription.request(5);
        stream.close();
        unansweredFetches.poll().run();
        assertThat(recorder.items).hasSize(3);
        assertThat(recorder.completed).isTrue();
        assertThat(stream.pageNumber()).isEqualTo(1);
    }

    @Test
    void demandSignalledFromADriverThreadIsServedOnTheExecutor() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "callbacks"));
        try {
            StreamingResultSet stream = stream(pages(2), StreamConfig.DEFAULT, callbacks);
            List<String> deliveredOn = new CopyOnWriteArrayList<>();
            CountDownLatch ended = new CountDownLatch(1);
            Recorder recorder = new Recorder() {
                @Override
                public void onNext(Object item) {
                    deliveredOn.add(Thread.currentThread().getName());
                }

                @Override
                public void onComplete() {
                    ended.countDown();
                }
            };
            stream.subscribe(recorder);
            Thread driverThread = new BlockingOperation.SafeThreadFactory().newThread(() -> recorder.subscription.request(5));
            driverThread.start();
            driverThread.join();
            assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(deliveredOn).containsExactly("callbacks", "callbacks");
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void emptyPagesThatAreNotTheLastDoNotEndTheStream() {
        StreamingResultSet stream = stream(pages(2, 0, 0, 1), StreamConfig.DEFAULT);
        assertThat(stream.forEach(row -> { }).join()).isEqualTo(3);
        assertThat(stream.pageNumber()).isEqualTo(4);
    }

    @Test
    void pagesSkipEmptyOnesAndCountRows() {
        StreamingResultSet stream = stream(pages(2, 0, 3), StreamConfig.DEFAULT);
        List<Integer> sizes = new ArrayList<>();
        long rows = stream.forEachPageAsync(page -> {
            sizes.add(page.size());
            return CompletableFuture.completedFuture(null);
        }).join();
        assertThat(sizes).containsExactly(2, 3);
        assertThat(rows).isEqualTo(5);
    }

    @Test
    void maxPagesEndsTheStreamCleanly() {
        StreamingResultSet stream = stream(pages(2, 2, 2, 2), StreamConfig.builder().maxPages(2).build());
        assertThat(stream.forEach(row -> { }).join()).isEqualTo(4);
        assertThat(pageRequests).hasValue(1);
    }

    @Test
    void pageFetchErrorReachesTheSubscriber() {
        StreamingResultSet stream = stream(pages(2, -1), StreamConfig.DEFAULT);
        Recorder recorder = new Recorder();
        stream.subscribe(recorder);
        recorder.subscription.request(10);
        assertThat(recorder.items).hasSize(2);
        assertThat(recorder.error).isInstanceOf(ReadTimeoutException.class);
        assertThat(stream.isDone()).isTrue();
    }

    @Test
    void closeStopsFetchingCompletesTheSubscriberAndIsIdempotent() {
        StreamingResultSet stream = stream(pages(2, 2, 2), StreamConfig.DEFAULT);
        Recorder recorder = new Recorder();
        stream.subscribe(recorder);
        recorder.subscription.request(1);
        stream.close();
        stream.close();
        assertThat(recorder.completed).isTrue();
        recorder.subscription.request(10);
        assertThat(recorder.items).hasSize(1);
        assertThat(pageRequests).hasValue(0);
    }

    @Test
    void cancelThroughTheSubscriptionStopsPageRequests() {
        StreamingResultSet stream = stream(pages(2, 2, 2, 2), StreamConfig.DEFAULT);
        Recorder recorder = new Recorder();
        stream.subscribe(recorder);
        recorder.subscription.request(3);
        recorder.subscription.cancel();
        recorder.subscription.request(10);
        assertThat(recorder.items).hasSize(3);
        assertThat(pageRequests).hasValue(1);
        assertThat(recorder.completed).isFalse();
    }

    @Test
    void secondSubscriberIsRefused() {
        StreamingResultSet stream = stream(pages(1), StreamConfig.DEFAULT);
        stream.subscribe(new Recorder());
        Recorder second = new Recorder();
        stream.subscribe(second);
        assertThat(second.error).isInstanceOf(IllegalStateException.class).hasMessageContaining("only once");
    }

    @Test
    void nonPositiveRequestIsAnError() {
        StreamingResultSet stream = stream(pages(1), StreamConfig.DEFAULT);
        Recorder recorder = new Recorder();
        stream.subscribe(recorder);
        recorder.subscription.request(0);
        assertThat(recorder.error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
    }

    @Test
    void throwingActionFailsForEachAndStops() {
        StreamingResultSet stream = stream(pages(2, 2), StreamConfig.DEFAULT);
        CompletableFuture<Long> done = stream.forEach(row -> {
            throw new IllegalStateException("boom");
        });
        assertThat(done).isCompletedExceptionally();
        assertThat(pageRequests).hasValue(0);
    }

    @Test
    void pageCallbackSeesEveryPage() {
        List<String> calls = new ArrayList<>();
        StreamingResultSet stream = stream(pages(2, 0, 1),
                StreamConfig.builder().pageCallback((page, rows) -> calls.add(page + ":" + rows)).build());
        stream.forEach(row -> { }).join();
        assertThat(calls).containsExactly("1:2", "2:0", "3:1");
    }

    static class Recorder implements Flow.Subscriber<Object> {
        Flow.Subscription subscription;
        final List<Object> items = new ArrayList<>();
        Throwable error;
        boolean completed;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(Object item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    /** A row whose only property is its identity. */
    private static Row fakeRow() {
        return (Row) java.lang.reflect.Proxy.newProxyInstance(Row.class.getClassLoader(), new Class<?>[] {Row.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeRow";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
