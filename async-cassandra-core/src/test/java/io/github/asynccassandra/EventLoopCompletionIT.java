package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * {@code completeOnCallerEventLoop}: a caller on a Netty event loop (as a WebFlux handler is) gets its
 * futures completed on that loop; every other caller, and every case where the loop cannot, on the
 * callback threads. Against a real node.
 */
@EmbeddedCassandraTest
class EventLoopCompletionIT {

    private static final String QUERY = "SELECT release_version FROM system.local";
    private static final Duration WAIT = Duration.ofSeconds(20);

    static AsyncCluster onLoops;
    static AsyncCassandraSession session;
    static AsyncCluster byDefault;
    static AsyncCassandraSession defaultSession;

    private EventExecutor loop;

    @BeforeAll
    static void connect(EmbeddedCassandra cassandra) {
        onLoops = ClusterSupport.builderFor(cassandra).completeOnCallerEventLoop(true).build();
        session = onLoops.connect().join();
        byDefault = ClusterSupport.builderFor(cassandra).build();
        defaultSession = byDefault.connect().join();
    }

    @AfterAll
    static void shutdown() {
        onLoops.close();
        byDefault.close();
    }

    @BeforeEach
    void startLoop() {
        loop = new DefaultEventExecutor(new DefaultThreadFactory("caller-loop", true));
    }

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aCallerOnAnEventLoopIsCompletedOnThatLoop() {
        assertThat(onLoop(() -> session.execute(QUERY).thenApply(rows -> Thread.currentThread().getName())))
                .succeedsWithin(WAIT).asString().startsWith("caller-loop");
        assertThat(onLoop(() -> session.prepare(QUERY).thenApply(prepared -> Thread.currentThread().getName())))
                .succeedsWithin(WAIT).asString().startsWith("caller-loop");
        PreparedStatement prepared = session.prepare(QUERY).join();
        assertThat(onLoop(() -> session.execute(prepared).thenApply(rows -> Thread.currentThread().getName())))
                .succeedsWithin(WAIT).asString().startsWith("caller-loop");
    }

    @Test
    void failuresAreCompletedOnTheLoopToo() {
        assertThat(onLoop(() -> session.execute("SELECT nothing FROM system.no_such_table")
                .handle((rows, error) -> Thread.currentThread().getName() + " " + error.getClass().getSimpleName())))
                .succeedsWithin(WAIT).asString().startsWith("caller-loop").endsWith("InvalidQueryException");
    }

    @Test
    void byDefaultTheCallbackThreadsCompleteEvenACallerOnAnEventLoop() {
        assertThat(onLoop(() -> completerOf(() -> defaultSession.execute(QUERY))))
                .succeedsWithin(WAIT).asString().contains("-callback-");
    }

    @Test
    void aCallerOnAnyOtherThreadIsCompletedOnTheCallbackThreads() {
        assertThat(completerOf(() -> session.execute(QUERY))).succeedsWithin(WAIT).asString().contains("-callback-");
        assertThat(completerOf(() -> session.executeStream(QUERY).thenApply(stream -> {
            stream.close();
            return stream;
        }))).succeedsWithin(WAIT).asString().contains("-callback-");
    }

    @Test
    void aCallerOnTheDriversIoThreadIsNeverCompletedThere() {
        // The driver completes its own futures on its I/O threads: a request sent from there is a caller on a
        // Netty event loop, but one where nothing of the caller's may run.
        for (int attempt = 0; attempt < 5; attempt++) {
            AtomicReference<String> sender = new AtomicReference<>();
            String completer = session.getDriverSession().executeAsync(QUERY).thenCompose(rows -> {
                sender.set(Thread.currentThread().getName());
                return session.execute(QUERY).thenApply(more -> Thread.currentThread().getName());
            }).toCompletableFuture().join();
            if (sender.get().contains("-io-")) {
                assertThat(completer).contains("-callback-");
                return;
            }
        }
        throw new AssertionError("the driver never ran the callback on its I/O thread");
    }

    @Test
    void waitingOnTheLoopForItsOwnCompletionFailsFastInsteadOfHanging() {
        AtomicReference<CompletableFuture<AsyncResultSet>> sent = new AtomicReference<>();
        CompletableFuture<String> failures = onLoop(() -> {
            CompletableFuture<AsyncResultSet> result = session.execute(QUERY);
            sent.set(result);
            StringBuilder messages = new StringBuilder();
            for (Runnable wait : new Runnable[] {result::join, () -> result.thenApply(rows -> rows).join(),
                    () -> get(result)}) {
                try {
                    wait.run();
                    messages.append("waited;");
                } catch (IllegalStateException expected) {
                    messages.append(expected.getMessage()).append(';');
                }
            }
            return CompletableFuture.completedFuture(messages.toString());
        });
        assertThat(failures).succeedsWithin(WAIT).asString().doesNotContain("waited;")
                .contains("join() was called on the event loop (caller-loop")
                .contains("get() was called on the event loop").contains("Chain on the future");
        // The future itself completes, and anyone off the loop may wait for it.
        assertThat(sent.get()).succeedsWithin(WAIT);
        assertThat(sent.get().join().one().getString(0)).isNotEmpty();
    }

    @Test
    void theCallersContextIsRestoredOnTheLoop() {
        assertThat(onLoop(() -> {
            MDC.put("traceId", "loop-4d2c");
            try {
                return session.execute(QUERY).thenApply(rows -> MDC.get("traceId"));
            } finally {
                MDC.remove("traceId");
            }
        })).succeedsWithin(WAIT).isEqualTo("loop-4d2c");
    }

    @Test
    void aLoopThatShutsDownBeforeTheResultHasTheCallbackThreadsCompleteTheFuture() {
        CompletableFuture<String> completer = onLoop(() -> {
            CompletableFuture<String> result = session.execute(QUERY)
                    .thenApply(rows -> Thread.currentThread().getName());
            // Ends once this task has run: the result arrives at a loop that no longer takes tasks.
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            return result;
        });
        assertThat(completer).succeedsWithin(WAIT);
        assertThat(loop.terminationFuture().awaitUninterruptibly(WAIT.toMillis())).isTrue();
        // Whichever came first, the loop's last tasks or its refusal: the future completed, never dropped.
        assertThat(completer.join()).matches(name -> name.startsWith("caller-loop") || name.contains("-callback-"));
    }

    private static void get(CompletableFuture<?> future) {
        try {
            future.get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The name of the thread that completes what {@code send} returns. A dependent attached to a future that is
     * already done runs on the thread attaching it, which says nothing of the completer: such an attempt (its
     * dependent ran on this thread) is sent again, up to 20 times.
     */
    private static CompletionStage<String> completerOf(Supplier<? extends CompletionStage<?>> send) {
        return completerOf(send, Thread.currentThread(), 20);
    }

    private static CompletionStage<String> completerOf(Supplier<? extends CompletionStage<?>> send, Thread attaching,
            int attempts) {
        return send.get().thenCompose(ignored -> Thread.currentThread() == attaching && attempts > 1
                ? completerOf(send, attaching, attempts - 1)
                : CompletableFuture.completedFuture(Thread.currentThread().getName()));
    }

    /** Calls {@code call} on the loop, and hands back the future it returns. */
    private <T> CompletableFuture<T> onLoop(Supplier<? extends CompletionStage<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> call.get().whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        }));
        return result;
    }
}
