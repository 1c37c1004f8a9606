package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.session.Session;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.exceptions.ConnectionException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Connect, shutdown and close at their edges, against a real node (or a port where nothing listens). */
@EmbeddedCassandraTest
class ClusterLifecycleIT {

    @Test
    void shutdownFailsAConnectThatIsWaitingToRetryAtOnce() throws Exception {
        AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(closedPort())
                .localDatacenter("datacenter1").build();
        CompletableFuture<AsyncCassandraSession> connecting = cluster.connect(null, Duration.ofSeconds(60));
        // Nothing listens: the first attempt fails at once, and the next waits two seconds.
        Thread.sleep(500);
        cluster.shutdown();
        assertThat(connecting).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                .isInstanceOf(ConnectionException.class).withMessage("Cluster is shut down");
        assertThat(cluster.shutdown()).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void connectAfterShutdownFailsItsFutureAndNeverThrows() {
        AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(9042).build();
        cluster.shutdown().join();
        assertThat(cluster.connect()).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOf(ConnectionException.class).withMessage("Cluster is shut down");
    }

    @Test
    void aSessionThatOpensAfterItsConnectTimedOutIsClosedAtOnce(EmbeddedCassandra cassandra) throws Exception {
        // Completions are held back, so the driver session opens while the timed-out future is still
        // waiting to be completed: the window in which a late session used to be kept.
        GatedExecutor gate = new GatedExecutor();
        AtomicReference<Session> opened = new AtomicReference<>();
        RequestTracker capture = new RequestTracker() {
            @Override
            public void onSessionReady(Session session) {
                opened.set(session);
            }

            @Override
            public void close() {
            }
        };
        AsyncCluster cluster = ClusterSupport.builderFor(cassandra).callbackExecutor(gate)
                .driverSessionCustomizer(builder -> builder.addRequestTracker(capture)).build();
        try {
            CompletableFuture<AsyncCassandraSession> connecting = cluster.connect(null, Duration.ofMillis(1));
            assertThat(eventually(() -> opened.get() != null)).as("driver session opened").isTrue();
            // Either the late session was closed at once, or (the defect) a second completion was queued.
            eventually(() -> opened.get().isClosed() || gate.queued() >= 2);
            gate.open();
            assertThat(connecting).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                    .isInstanceOf(ConnectionException.class).withMessageContaining("within PT0.001S");
            assertThat(eventually(() -> opened.get().isClosed())).as("the late session is closed").isTrue();
        } finally {
            gate.open();
            cluster.shutdown().join();
        }
    }

    @Test
    void changingTheBuilderAfterBuildChangesNoLiveCluster(EmbeddedCassandra cassandra) {
        AsyncCluster.Builder builder = ClusterSupport.builderFor(cassandra).option("basic.request.page-size", 7);
        try (AsyncCluster first = builder.build()) {
            builder.contactPoints("127.0.0.99").port(1).option("basic.request.page-size", 9);
            try (AsyncCluster second = builder.build()) {
                AsyncCassandraSession session = first.connect().join();
                assertThat(session.getDriverSession().getContext().getConfig().getDefaultProfile()
                        .getInt(DefaultDriverOption.REQUEST_PAGE_SIZE)).isEqualTo(7);
                assertThat(second.connect(null, Duration.ofSeconds(3))).failsWithin(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void blockingCloseOnACallbackThreadFailsFastInsteadOfDeadlocking(EmbeddedCassandra cassandra) {
        AsyncCluster cluster = ClusterSupport.builderFor(cassandra).executorThreads(1).build();
        try {
            AsyncCassandraSession session = cluster.connect().join();
            AsyncCassandraSession other = cluster.connect().join();
            assertThat(onThread("-callback-", () -> session.execute("SELECT now() FROM system.local"), other::close))
                    .failsWithin(Duration.ofSeconds(20)).withThrowableThat().havingCause()
                    .isInstanceOf(IllegalStateException.class).withMessageContaining("callback thread")
                    .withMessageContaining("closeAsync()");
            assertThat(onThread("-callback-", () -> session.execute("SELECT now() FROM system.local"), cluster::close))
                    .failsWithin(Duration.ofSeconds(20)).withThrowableThat().havingCause()
                    .isInstanceOf(IllegalStateException.class).withMessageContaining("AsyncCluster.close()");
            assertThat(onThread("-io-", () -> session.getDriverSession().executeAsync("SELECT now() FROM system.local")
                    .toCompletableFuture(), other::close)).failsWithin(Duration.ofSeconds(20)).withThrowableThat()
                    .havingCause().isInstanceOf(IllegalStateException.class).withMessageContaining("driver I/O thread");
            assertThat(other.isClosed()).isFalse();
        } finally {
            assertThat(cluster.shutdown()).succeedsWithin(Duration.ofSeconds(30));
        }
    }

    /**
     * Runs {@code action} in a callback chained on a request's future, once that callback runs on a thread
     * whose name contains {@code threadName}. A request can complete before the callback is chained, which
     * then runs on the calling thread: the action is not run there, and the request is sent again.
     */
    private static CompletableFuture<Object> onThread(String threadName,
            java.util.function.Supplier<CompletableFuture<?>> request, Runnable action) {
        Object notThere = new Object();
        for (int attempt = 0; attempt < 50; attempt++) {
            CompletableFuture<Object> outcome = request.get().thenApply(rows -> {
                if (!Thread.currentThread().getName().contains(threadName)) {
                    return notThere;
                }
                action.run();
                return "closed";
            });
            if (outcome.handle((value, error) -> value != notThere).join()) {
                return outcome;
            }
        }
        throw new AssertionError("No callback ran on a " + threadName + " thread in 50 requests");
    }

    @Test
    void blockingCloseOnAUserCallbackExecutorFailsFastToo(EmbeddedCassandra cassandra) {
        ExecutorService single = Executors.newSingleThreadExecutor();
        AsyncCluster cluster = ClusterSupport.builderFor(cassandra).callbackExecutor(single).build();
        try {
            AsyncCassandraSession session = cluster.connect().join();
            CompletableFuture<Object> closeInCallback = onThread("pool-",
                    () -> session.execute("SELECT now() FROM system.local"), session::close);
            assertThat(closeInCallback).failsWithin(Duration.ofSeconds(20)).withThrowableThat().havingCause()
                    .isInstanceOf(IllegalStateException.class).withMessageContaining("callback thread");
        } finally {
            assertThat(cluster.shutdown()).succeedsWithin(Duration.ofSeconds(30));
            single.shutdown();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Holds every task until opened, then runs them in order on one thread. */
    private static final class GatedExecutor implements Executor {
        private final CountDownLatch gate = new CountDownLatch(1);
        private final List<Runnable> queued = new CopyOnWriteArrayList<>();
        private final ExecutorService runner = Executors.newSingleThreadExecutor();

        @Override
        public void execute(Runnable task) {
            queued.add(task);
            runner.execute(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                task.run();
            });
        }

        int queued() {
            return queued.size();
        }

        void open() {
            gate.countDown();
            runner.shutdown();
        }
    }
}
