package io.github.asynccassandra.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

@EmbeddedCassandraTest
class StreamingIT {

    static final int PARTITIONS = 100;
    static final int ROWS_PER_PARTITION = 1000;
    static final int ROWS = PARTITIONS * ROWS_PER_PARTITION;
    static final String SELECT_ALL = "SELECT p, c FROM stream_it.big";

    static AsyncCluster cluster;
    static AsyncCassandraSession session;
    static List<Long> expectedOrder;

    @BeforeAll
    static void loadTable(EmbeddedCassandra cassandra) throws InterruptedException {
        cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter())
                .option("basic.request.timeout", Duration.ofSeconds(15))
                .option("advanced.metrics.node.enabled", List.of("pool.in-flight")).build();
        session = cluster.connect().join();
        session.execute("CREATE KEYSPACE IF NOT EXISTS stream_it WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
        session.execute("CREATE TABLE IF NOT EXISTS stream_it.big (p int, c int, v text, PRIMARY KEY (p, c))").join();
        if (session.execute("SELECT count(*) FROM stream_it.big").join().one().getLong(0) < ROWS) {
            PreparedStatement insert = session.prepare("INSERT INTO stream_it.big (p, c, v) VALUES (?, ?, ?)").join();
            Semaphore inFlight = new Semaphore(256);
            List<CompletableFuture<?>> writes = new ArrayList<>(ROWS);
            for (int p = 0; p < PARTITIONS; p++) {
                for (int c = 0; c < ROWS_PER_PARTITION; c++) {
                    inFlight.acquire();
                    writes.add(session.execute(insert, p, c, "row").whenComplete((r, e) -> inFlight.release()));
                }
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        }
        expectedOrder = new ArrayList<>(ROWS);
        session.execute(SELECT_ALL).join().forEach(row -> expectedOrder.add(key(row)));
        assertThat(expectedOrder).hasSize(ROWS);
    }

    @AfterAll
    static void shutdown() {
        cluster.close();
    }

    private static long key(Row row) {
        return ((long) row.getInt("p") << 32) | row.getInt("c");
    }

    @ParameterizedTest(name = "fetchSize {0}")
    @ValueSource(ints = {1, 100, 5000})
    void everyRowExactlyOnceInPageOrder(int fetchSize) {
        List<Long> seen = new ArrayList<>(ROWS);
        AtomicInteger callbacks = new AtomicInteger();
        StreamConfig config = StreamConfig.builder().fetchSize(fetchSize)
                .pageCallback((page, rows) -> callbacks.incrementAndGet()).build();
        try (AsyncStreamingResultSet stream = session.executeStream(SELECT_ALL, config).join()) {
            long count = stream.forEach(row -> seen.add(key(row))).join();
            assertThat(count).isEqualTo(ROWS);
            assertThat(stream.totalRowsFetched()).isEqualTo(ROWS);
            assertThat(callbacks.get()).isEqualTo(stream.pageNumber());
            assertThat(stream.pageNumber()).isBetween(ROWS / fetchSize, ROWS / fetchSize + 1);
        }
        assertThat(seen).isEqualTo(expectedOrder);
        assertThat(new HashSet<>(seen)).hasSize(ROWS);
    }

    @Test
    void maxPagesAndPageCallback() {
        List<String> pages = new ArrayList<>();
        StreamConfig config = StreamConfig.builder().fetchSize(100).maxPages(3)
                .pageCallback((page, rows) -> pages.add(page + ":" + rows)).build();
        try (AsyncStreamingResultSet stream = session.executeStream(SELECT_ALL, config).join()) {
            assertThat(stream.forEach(row -> { }).join()).isEqualTo(300);
        }
        assertThat(pages).containsExactly("1:100", "2:100", "3:100");
    }

    @Test
    void pageTimeoutIsSentWithEveryPageRequest() {
        Duration timeout = Duration.ofSeconds(7);
        try (AsyncStreamingResultSet stream = session.executeStream(SELECT_ALL,
                StreamConfig.builder().fetchSize(5000).timeout(timeout).maxPages(3).build()).join()) {
            List<Duration> timeouts = new ArrayList<>();
            long rows = stream.forEachPageAsync(page -> {
                timeouts.add(((com.datastax.oss.driver.api.core.cql.Statement<?>) stream.executionInfo().getRequest())
                        .getTimeout());
                return null;
            }).join();
            assertThat(rows).isEqualTo(15_000);
            assertThat(timeouts).containsExactly(timeout, timeout, timeout);
        }
    }

    @Test
    void rowsNeverArriveOnDriverThreadsEvenWhenDemandComesFromThem() {
        Set<String> deliveringThreads = ConcurrentHashMap.newKeySet();
        try (AsyncStreamingResultSet stream = session.executeStream(SELECT_ALL,
                StreamConfig.builder().fetchSize(100).maxPages(3).build()).join()) {
            // Each stage completes on a driver I/O thread, so the next request(1) is made there.
            long rows = stream.forEachAsync(row -> {
                deliveringThreads.add(Thread.currentThread().getName());
                return session.getDriverSession().executeAsync("SELECT release_version FROM system.local");
            }).join();
            assertThat(rows).isEqualTo(300);
        }
        assertThat(deliveringThreads).isNotEmpty().noneMatch(name -> name.contains("-io-"));
    }

    @Test
    void cancellingHalfwayStopsPageRequests() throws InterruptedException {
        AtomicInteger pagesFetched = new AtomicInteger();
        AsyncStreamingResultSet stream = session.executeStream(SELECT_ALL, StreamConfig.builder().fetchSize(100)
                .pageCallback((page, rows) -> pagesFetched.set(page)).build()).join();
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        AtomicInteger received = new AtomicInteger();
        CompletableFuture<Void> halfway = new CompletableFuture<>();
        stream.subscribe(new Flow.Subscriber<Row>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription.set(s);
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Row item) {
                if (received.incrementAndGet() == ROWS / 2) {
                    subscription.get().cancel();
                    halfway.complete(null);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                halfway.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                halfway.completeExceptionally(new AssertionError("should have been cancelled first"));
            }
        });
        halfway.join();
        int pagesAtCancel = pagesFetched.get();
        TimeUnit.MILLISECONDS.sleep(500);
        assertThat(pagesAtCancel).isEqualTo(ROWS / 2 / 100);
        assertThat(pagesFetched.get()).as("pages fetched after cancel").isEqualTo(pagesAtCancel);
        assertThat(received.get()).isEqualTo(ROWS / 2);
        assertThat(stream.isDone()).isTrue();
        stream.close();
    }

    @Test
    void pagesAndForEachAsyncApplyBackPressure() {
        try (AsyncStreamingResultSet stream = session.executeStream(SELECT_ALL,
                StreamConfig.builder().fetchSize(5000).build()).join()) {
            List<Integer> sizes = new ArrayList<>();
            long rows = stream.forEachPageAsync(page -> {
                sizes.add(page.size());
                return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
            }).join();
            assertThat(rows).isEqualTo(ROWS);
            assertThat(sizes).hasSize(ROWS / 5000).allMatch(size -> size == 5000);
        }
        try (AsyncStreamingResultSet stream = session.executeStream("SELECT p, c FROM stream_it.big WHERE p = ?",
                StreamConfig.builder().fetchSize(50).build(), 7).join()) {
            Set<Integer> clustering = new HashSet<>();
            long rows = stream.forEachAsync(row -> CompletableFuture.runAsync(() -> clustering.add(row.getInt("c"))))
                    .join();
            assertThat(rows).isEqualTo(ROWS_PER_PARTITION);
            assertThat(clustering).hasSize(ROWS_PER_PARTITION);
        }
    }

    @Test
    void worksWithReactorThroughJdkFlowAdapter() {
        try (AsyncStreamingResultSet stream = session.executeStream(SELECT_ALL,
                StreamConfig.builder().fetchSize(1000).build()).join()) {
            Flux<Row> rows = JdkFlowAdapter.flowPublisherToFlux(stream);
            List<Integer> partitions = rows.map(row -> row.getInt("p")).distinct().collectList()
                    .block(Duration.ofMinutes(2));
            assertThat(partitions).hasSize(PARTITIONS);
        }
        try (AsyncStreamingResultSet stream = session.executeStream(SELECT_ALL).join()) {
            assertThat(JdkFlowAdapter.flowPublisherToFlux(stream.pages()).take(3).count().block(Duration.ofMinutes(1)))
                    .isEqualTo(3);
        }
    }

    @Test
    void thousandStreamsClosedEarlyLeaveNothingBehind() {
        int threadsBefore = Thread.activeCount();
        for (int i = 0; i < 1000; i++) {
            AsyncStreamingResultSet stream = session.executeStream(SELECT_ALL,
                    StreamConfig.builder().fetchSize(10).build()).join();
            if (i % 2 == 0) {
                stream.forEachAsync(row -> CompletableFuture.completedFuture(null));
            }
            stream.close();
            assertThat(stream.isDone()).isTrue();
        }
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 2);
        // A page fetch issued just before a close may still be answering: give it time, then none may remain.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(inFlight()).as("driver in-flight requests").isZero();
        assertThat(session.getDriverSession().getMetadata().getNodes().values())
                .allSatisfy(node -> assertThat(node.getOpenConnections()).isLessThanOrEqualTo(2));
        assertThat(session.execute("SELECT release_version FROM system.local").join().one()).isNotNull();
    }

    private static int inFlight() {
        com.datastax.oss.driver.api.core.metrics.Metrics metrics = session.getDriverSession().getMetrics().orElseThrow();
        return session.getDriverSession().getMetadata().getNodes().values().stream()
                .mapToInt(node -> metrics.getNodeMetric(node,
                                com.datastax.oss.driver.api.core.metrics.DefaultNodeMetric.IN_FLIGHT)
                        .map(gauge -> ((com.codahale.metrics.Gauge<?>) gauge).getValue())
                        .map(value -> ((Number) value).intValue()).orElseThrow())
                .sum();
    }

    @Test
    void aStreamTakesTheSameExecuteOptionsAsExecuteAndResumesFromAPagingToken() {
        io.github.asynccassandra.AsyncResultSet firstPage = session.execute(SELECT_ALL,
                io.github.asynccassandra.ExecuteOptions.builder().pageSize(250).build()).join();
        assertThat(firstPage.getPagingStateToken()).isNotNull();
        io.github.asynccassandra.ExecuteOptions resume = io.github.asynccassandra.ExecuteOptions.builder()
                .pagingStateToken(firstPage.getPagingStateToken()).timeout(Duration.ofSeconds(20)).build();
        List<Long> rest = new ArrayList<>();
        try (AsyncStreamingResultSet stream = session.executeStream(SELECT_ALL,
                StreamConfig.builder().fetchSize(5000).options(resume).build()).join()) {
            stream.forEach(row -> rest.add(key(row))).join();
        }
        assertThat(rest).hasSize(ROWS - 250).isEqualTo(expectedOrder.subList(250, ROWS));
    }

    @Test
    void overlappingStreamSettingsAreRejectedNamingThem() {
        assertThatThrownBy(() -> StreamConfig.builder().options(io.github.asynccassandra.ExecuteOptions.builder()
                .pageSize(10).build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fetchSize");
        assertThatThrownBy(() -> StreamConfig.builder().timeout(Duration.ofSeconds(1))
                .options(io.github.asynccassandra.ExecuteOptions.builder().timeout(Duration.ofSeconds(2)).build())
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set it once");
    }

    enum Consumer {
        FOR_EACH, FOR_EACH_ASYNC, FOR_EACH_PAGE_ASYNC, ROW_SUBSCRIBER, PAGE_SUBSCRIBER
    }

    @ParameterizedTest(name = "{0}, closed={1}")
    @org.junit.jupiter.params.provider.CsvSource({"FOR_EACH,true", "FOR_EACH_ASYNC,true", "FOR_EACH_PAGE_ASYNC,true",
            "ROW_SUBSCRIBER,true", "PAGE_SUBSCRIBER,true", "FOR_EACH,false", "ROW_SUBSCRIBER,false",
            "PAGE_SUBSCRIBER,false"})
    void aStreamClosedOrCancelledBeforeItIsConsumedEndsItsLaterConsumerAtOnce(Consumer consumer, boolean close) {
        AsyncStreamingResultSet stream = session.executeStream(SELECT_ALL, StreamConfig.builder().fetchSize(100)
                .build()).join();
        if (close) {
            stream.close();
        } else {
            stream.cancel();
        }
        assertThat(stream.isDone()).isTrue();
        CompletableFuture<Long> consumed = switch (consumer) {
            case FOR_EACH -> stream.forEach(row -> { });
            case FOR_EACH_ASYNC -> stream.forEachAsync(row -> CompletableFuture.completedFuture(null));
            case FOR_EACH_PAGE_ASYNC -> stream.forEachPageAsync(page -> CompletableFuture.completedFuture(null));
            case ROW_SUBSCRIBER -> countSignals(stream);
            case PAGE_SUBSCRIBER -> countSignals(stream.pages());
        };
        assertThat(consumed).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(0L);
    }

    /** Completes with the number of items once onComplete arrives, after onSubscribe, or fails otherwise. */
    private static <T> CompletableFuture<Long> countSignals(Flow.Publisher<T> publisher) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<T>() {
            private boolean subscribed;
            private long items;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscribed = true;
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(T item) {
                items++;
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                if (subscribed) {
                    done.complete(items);
                } else {
                    done.completeExceptionally(new AssertionError("onComplete before onSubscribe"));
                }
            }
        });
        return done;
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> StreamConfig.builder().fetchSize(0)).hasMessageContaining("fetchSize");
        assertThatThrownBy(() -> StreamConfig.builder().maxPages(-1)).hasMessageContaining("maxPages");
        assertThatThrownBy(() -> StreamConfig.builder().timeout(Duration.ZERO)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> session.executeStream("", StreamConfig.DEFAULT).join())
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> session.executeStream("SELECT * FROM stream_it.nope").join())
                .hasCauseInstanceOf(com.datastax.oss.driver.api.core.servererrors.InvalidQueryException.class);
    }
}
