package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.metrics.InMemoryMetricsCollector;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.metrics.MetricsSnapshot;
import io.github.asynccassandra.streaming.AsyncStreamingResultSet;
import io.github.asynccassandra.streaming.StreamConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Close, cancel, subscribe and request raced from several threads on real streams, and connect raced
 * against shutdown on real clusters: every future completes, each stream's end is counted exactly once,
 * nothing stays open and no thread is left behind. Bounded for the default run;
 * {@code -Dreliability.full=true} runs ten times the rounds.
 */
@EmbeddedCassandraTest
class RacesIT {

    private static final Logger log = LoggerFactory.getLogger(RacesIT.class);
    private static final int FACTOR = Boolean.getBoolean("reliability.full") ? 10 : 1;
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void closeCancelSubscribeAndRequestRacedOnStreams(EmbeddedCassandra cassandra) throws Exception {
        Set<Thread> before = liveLibraryThreads();
        InMemoryMetricsCollector memory = new InMemoryMetricsCollector();
        MetricsMiddleware metrics = new MetricsMiddleware(memory);
        ExecutorService racers = Executors.newFixedThreadPool(4);
        int rounds = 200 * FACTOR;
        List<String> violations = new CopyOnWriteArrayList<>();
        try (AsyncCluster cluster = ClusterSupport.builderFor(cassandra).metrics(metrics).build()) {
            AsyncCassandraSession session = cluster.connect().join();
            session.execute("CREATE KEYSPACE IF NOT EXISTS races WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
            session.execute("CREATE TABLE IF NOT EXISTS races.rows (p int, c int, PRIMARY KEY (p, c))").join();
            PreparedStatement insert = session.prepare("INSERT INTO races.rows (p, c) VALUES (0, ?)").join();
            List<CompletableFuture<?>> writes = new ArrayList<>();
            for (int c = 0; c < 50; c++) {
                writes.add(session.execute(insert, c));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
            assertThat(metrics.flush(WITHIN)).isTrue();
            memory.reset();

            for (int round = 0; round < rounds; round++) {
                AsyncStreamingResultSet stream = session.executeStream("SELECT c FROM races.rows WHERE p = 0",
                        StreamConfig.builder().fetchSize(7).build()).join();
                CountDownLatch start = new CountDownLatch(1);
                CompletableFuture<Long> consumed = new CompletableFuture<>();
                AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
                boolean byForEach = round % 2 == 0;
                List<CompletableFuture<?>> racing = List.of(
                        CompletableFuture.runAsync(() -> await(start, stream::close), racers),
                        CompletableFuture.runAsync(() -> await(start, stream::cancel), racers),
                        CompletableFuture.runAsync(() -> await(start, () -> {
                            if (byForEach) {
                                stream.forEach(row -> { }).whenComplete((n, e) -> complete(consumed, n, e));
                            } else {
                                stream.subscribe(new CheckingSubscriber(subscription, consumed, violations));
                            }
                        }), racers),
                        CompletableFuture.runAsync(() -> await(start, () -> {
                            for (int i = 0; i < 20; i++) {
                                Flow.Subscription s = subscription.get();
                                if (s != null) {
                                    s.request(ThreadLocalRandom.current().nextInt(1, 5));
                                }
                                Thread.onSpinWait();
                            }
                        }), racers));
                start.countDown();
                CompletableFuture.allOf(racing.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                // Closed by a racer: every consumer must end, complete or failed, whoever won.
                assertThat(consumed).as("round %d", round).succeedsWithin(WITHIN);
                assertThat(stream.isDone()).isTrue();
            }
            assertThat(metrics.flush(WITHIN)).isTrue();
            MetricsSnapshot snapshot = memory.snapshot();
            log.info("{} raced streams: {} opened, {} completed, {} cancelled", rounds, snapshot.streamsOpened(),
                    snapshot.streamsCompleted(), snapshot.streamsCancelled());
            assertThat(snapshot.streamsOpened()).isEqualTo(rounds);
            assertThat(snapshot.streamsCompleted() + snapshot.streamsCancelled()).as("ends counted")
                    .isEqualTo(rounds);
        } finally {
            racers.shutdownNow();
        }
        assertThat(violations).as("Reactive Streams rules broken").isEmpty();
        assertThat(noThreadsLeftBeyond(before)).as("threads left: %s", liveLibraryThreads()).isTrue();
    }

    @Test
    void connectRacedAgainstShutdown(EmbeddedCassandra cassandra) throws Exception {
        Set<Thread> before = liveLibraryThreads();
        ExecutorService racers = Executors.newFixedThreadPool(4);
        int rounds = 8 * FACTOR;
        int connected = 0;
        int refused = 0;
        try {
            for (int round = 0; round < rounds; round++) {
                AsyncCluster cluster = ClusterSupport.builderFor(cassandra).build();
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<CompletableFuture<AsyncCassandraSession>>> connects = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    // A throw from connect() would fail this outer future.
                    connects.add(CompletableFuture.supplyAsync(() -> {
                        await(start, () -> { });
                        return cluster.connect();
                    }, racers));
                }
                long delayMicros = ThreadLocalRandom.current().nextLong(0, 400_000);
                CompletableFuture<CompletableFuture<Void>> shutdown = CompletableFuture.supplyAsync(() -> {
                    await(start, () -> sleepMicros(delayMicros));
                    return cluster.shutdown();
                }, racers);
                start.countDown();
                List<AsyncCassandraSession> opened = new ArrayList<>();
                for (CompletableFuture<CompletableFuture<AsyncCassandraSession>> connect : connects) {
                    // connect() itself never throws, and its future always completes.
                    CompletableFuture<AsyncCassandraSession> result = connect.get(30, TimeUnit.SECONDS);
                    try {
                        opened.add(result.get(60, TimeUnit.SECONDS));
                        connected++;
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).as("round %d", round).isInstanceOf(ConnectionException.class)
                                .hasMessageContaining("shut down");
                        refused++;
                    }
                }
                shutdown.get(30, TimeUnit.SECONDS).get(60, TimeUnit.SECONDS);
                // Whoever won, nothing the cluster opened stays open once it is shut down.
                assertThat(opened).allSatisfy(session -> {
                    assertThat(session.isClosed()).isTrue();
                    assertThat(session.getDriverSession().closeFuture()).succeedsWithin(WITHIN);
                });
            }
        } finally {
            racers.shutdownNow();
        }
        log.info("connect raced against shutdown: {} rounds, {} connected, {} refused", rounds, connected, refused);
        assertThat(connected + refused).isEqualTo(3 * rounds);
        assertThat(noThreadsLeftBeyond(before)).as("threads left: %s", liveLibraryThreads()).isTrue();
    }

    private static void complete(CompletableFuture<Long> future, Long value, Throwable error) {
        if (error != null) {
            future.completeExceptionally(error);
        } else {
            future.complete(value);
        }
    }

    private static void await(CountDownLatch start, Runnable then) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        then.run();
    }

    private static void sleepMicros(long micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Threads of this library and of the driver sessions it opens. */
    static Set<Thread> liveLibraryThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String name = thread.getName();
            if (thread.isAlive() && (name.startsWith("async-cassandra-") || name.matches("s\\d+-(io|admin|timer)-.*"))) {
                threads.add(thread);
            }
        }
        return threads;
    }

    static boolean noThreadsLeftBeyond(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Set<Thread> leftover = liveLibraryThreads();
            leftover.removeAll(before);
            if (leftover.isEmpty()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Records any breach of the rules it can see: a signal before onSubscribe, or two terminal signals. */
    private static final class CheckingSubscriber implements Flow.Subscriber<Row> {
        private final AtomicReference<Flow.Subscription> subscription;
        private final CompletableFuture<Long> done;
        private final List<String> violations;
        private volatile boolean subscribed;
        private long items;

        CheckingSubscriber(AtomicReference<Flow.Subscription> subscription, CompletableFuture<Long> done,
                List<String> violations) {
            this.subscription = subscription;
            this.done = done;
            this.violations = violations;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscribed = true;
            subscription.set(s);
            s.request(3);
        }

        @Override
        public void onNext(Row item) {
            check("onNext");
            items++;
        }

        @Override
        public void onError(Throwable error) {
            check("onError");
            if (!done.completeExceptionally(error)) {
                violations.add("a second terminal signal: onError");
            }
        }

        @Override
        public void onComplete() {
            check("onComplete");
            if (!done.complete(items)) {
                violations.add("a second terminal signal: onComplete");
            }
        }

        private void check(String signal) {
            if (!subscribed) {
                violations.add(signal + " before onSubscribe");
            }
        }
    }
}
