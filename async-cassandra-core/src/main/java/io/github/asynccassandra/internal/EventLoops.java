package io.github.asynccassandra.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Completing on the caller's Netty event loop ({@code AsyncCluster.Builder.completeOnCallerEventLoop}):
 * a WebFlux handler that sends a request then continues on its own event loop, as it would with a Reactor
 * Netty client, instead of on a callback thread from which Reactor Netty hands its write back to the loop.
 * The driver's own I/O loops never qualify: nothing of the caller's may run there.
 */
public final class EventLoops {

    /** Per loop in use, its queued completions; a loop's entry goes when it terminates. */
    private static final Map<EventExecutor, Set<Queued>> QUEUED = new ConcurrentHashMap<>();

    private EventLoops() {
    }

    /**
     * The event loop the calling thread runs, unless it is none, one of the driver's, or one that cannot
     * say when it terminates (Netty's global and immediate executors, whose termination future is done
     * from the start); else {@code null}.
     */
    public static EventExecutor callerLoop() {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        return loop == null || DriverInternals.onDriverThread() || loop.terminationFuture().isDone() ? null : loop;
    }

    /**
     * Runs {@code completion} on {@code loop}, else on {@code fallback}: when the loop refuses it, and when
     * the loop terminates with it still queued (Netty then drops its queue). Runs it exactly once.
     */
    public static void complete(EventExecutor loop, Executor fallback, Runnable completion) {
        Set<Queued> queued = QUEUED.get(loop);
        if (queued == null) {
            queued = watch(loop);
        }
        Queued task = new Queued(completion, fallback, queued);
        queued.add(task);
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            task.runOn(fallback);
        }
    }

    /**
     * The completions queued to a loop, handed to their fallback if the loop terminates before running
     * them. The listener is added outside the map's update: a done termination future runs it at once.
     */
    private static Set<Queued> watch(EventExecutor loop) {
        Set<Queued> created = ConcurrentHashMap.newKeySet();
        Set<Queued> raced = QUEUED.putIfAbsent(loop, created);
        if (raced != null) {
            return raced;
        }
        loop.terminationFuture().addListener(terminated -> {
            QUEUED.remove(loop, created);
            for (Queued task : created) {
                task.runOn(task.fallback);
            }
        });
        return created;
    }

    /** A completion that runs once: on its loop, or on its fallback, whichever claims it first. */
    private record Queued(Runnable completion, Executor fallback, Set<Queued> queued) implements Runnable {
        @Override
        public void run() {
            if (queued.remove(this)) {
                completion.run();
            }
        }

        void runOn(Executor executor) {
            if (queued.remove(this)) {
                Completion.runOn(executor, completion);
            }
        }

        // Compared by identity: two completions are never the same one.
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * A future to complete on {@code loop}: its {@link CompletableFuture#join() join} and {@code get} fail
     * fast on that loop while it is not done, and so do those of the futures chained on it, for the loop
     * would wait for a completion queued behind its own wait. A plain future when {@code loop} is {@code null}.
     */
    public static <T> CompletableFuture<T> newFuture(EventExecutor loop) {
        return loop == null ? new CompletableFuture<>() : new LoopFuture<>(loop);
    }

    private static final class LoopFuture<T> extends CompletableFuture<T> {

        private final EventExecutor loop;

        LoopFuture(EventExecutor loop) {
            this.loop = loop;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new LoopFuture<>(loop);
        }

        @Override
        public T join() {
            checkMayWait("join()");
            return super.join();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            checkMayWait("get()");
            return super.get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            checkMayWait("get(timeout, unit)");
            return super.get(timeout, unit);
        }

        private void checkMayWait(String method) {
            if (!isDone() && loop.inEventLoop()) {
                throw new IllegalStateException(method + " was called on the event loop ("
                        + Thread.currentThread().getName() + ") that completes this future, which would then wait "
                        + "forever: completeOnCallerEventLoop queues the completion behind this wait. Chain on the "
                        + "future (thenApply, thenAccept, Mono.fromFuture) instead of waiting on it.");
            }
        }
    }
}
