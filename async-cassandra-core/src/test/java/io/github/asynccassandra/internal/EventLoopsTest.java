package io.github.asynccassandra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a completion handed to a caller's event loop runs exactly once, whatever the loop does meanwhile. */
class EventLoopsTest {

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final Executor fallback = task -> {
        ran.add("fallback");
        task.run();
    };

    @Test
    void aCompletionRunsOnceOnItsLoop() throws Exception {
        EventExecutor loop = newLoop();
        EventLoops.complete(loop, fallback, () -> ran.add(Thread.currentThread().getName()));
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        assertThat(ran).hasSize(1).first().asString().startsWith("test-loop");
    }

    @Test
    void aLoopThatNoLongerTakesTasksHandsTheCompletionToTheFallback() throws Exception {
        EventExecutor loop = newLoop();
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        EventLoops.complete(loop, fallback, () -> ran.add("completed"));
        assertThat(ran).containsExactly("fallback", "completed");
    }

    @Test
    void aCompletionLeftInTheQueueOfALoopThatTerminatesRunsOnTheFallbackOnce() throws Exception {
        // Netty drops what is still queued when a loop terminates; this loop drops everything it is given.
        List<Runnable> dropped = new CopyOnWriteArrayList<>();
        EventExecutor loop = new SingleThreadEventExecutor(null, new DefaultThreadFactory("test-loop", true), true) {
            @Override
            public void execute(Runnable task) {
                dropped.add(task);
            }

            @Override
            protected void run() {
                while (!confirmShutdown()) {
                    Thread.onSpinWait();
                }
            }
        };
        EventLoops.complete(loop, fallback, () -> ran.add("completed"));
        assertThat(ran).isEmpty();
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        // The termination listener runs on Netty's global executor, just after the loop's end.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ran.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ran).containsExactly("fallback", "completed");
        dropped.forEach(Runnable::run);
        assertThat(ran).as("a late run of the dropped task runs nothing again").hasSize(2);
    }

    @Test
    void onlyAnEventLoopThatCanTerminateIsACallersLoop() throws Exception {
        EventExecutor loop = newLoop();
        try {
            assertThat(loop.submit(EventLoops::callerLoop).get()).isSameAs(loop);
            assertThat(EventLoops.callerLoop()).as("a plain thread").isNull();
            // Netty's global executor never terminates: its termination future is done from the start.
            assertThat(GlobalEventExecutor.INSTANCE.submit(EventLoops::callerLoop).get()).isNull();
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void waitingOffTheLoopIsAllowed() {
        EventExecutor loop = newLoop();
        try {
            var future = EventLoops.<String>newFuture(loop);
            EventLoops.complete(loop, fallback, () -> future.complete("done"));
            assertThat(future.join()).isEqualTo("done");
            assertThat(future.thenApply(String::length).join()).isEqualTo(4);
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static EventExecutor newLoop() {
        return new DefaultEventExecutor(new DefaultThreadFactory("test-loop", true));
    }
}
