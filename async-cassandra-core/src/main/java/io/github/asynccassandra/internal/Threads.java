package io.github.asynccassandra.internal;

import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The library's threads, and where it must not wait: on the driver's own threads and on the callback
 * threads that complete this library's futures, where waiting can deadlock (the thread would wait for a
 * completion that only it, or its small pool, can run), and on any Netty event loop, the application's
 * included (WebFlux, Reactor Netty), where waiting stalls every connection the loop serves. The library's
 * blocking calls check first and fail fast.
 */
public final class Threads {

    /** Set while a task runs on a user-supplied callback executor, whose threads are not ours to mark. */
    private static final ThreadLocal<Boolean> IN_CALLBACK = new ThreadLocal<>();

    private Threads() {
    }

    /**
     * Throws when the calling thread must not block.
     *
     * @param operation what would block, for the message, such as {@code "AsyncCassandraSession.close()"}
     * @throws IllegalStateException on a callback thread, a driver I/O thread or any Netty event loop
     */
    public static void checkMayBlock(String operation) {
        if (Thread.currentThread() instanceof CallbackThread || IN_CALLBACK.get() != null) {
            throw new IllegalStateException(operation + " was called on a callback thread of async-cassandra ("
                    + Thread.currentThread().getName() + "), where waiting can deadlock the pool that must complete "
                    + "what it waits for. Use the asynchronous form (closeAsync(), shutdown()) and chain on its "
                    + "future instead.");
        }
        if (DriverInternals.onDriverThread()) {
            throw new IllegalStateException(operation + " was called on a driver I/O thread ("
                    + Thread.currentThread().getName() + "), where nothing may block. Use the asynchronous form "
                    + "(closeAsync(), shutdown()) and chain on its future instead.");
        }
        if (ThreadExecutorMap.currentExecutor() != null) {
            throw new IllegalStateException(operation + " was called on a Netty event loop ("
                    + Thread.currentThread().getName() + ", a WebFlux or Reactor Netty thread, say), where waiting "
                    + "stalls every connection the loop serves. Use the asynchronous form (closeAsync(), "
                    + "shutdown(), or execute(), which waits for a connect without blocking) and chain on its "
                    + "future instead.");
        }
    }

    /** Threads for a cluster's own callback pool, recognised by {@link #checkMayBlock}. */
    public static ThreadFactory callbackThreads(String prefix) {
        return numbered(prefix, CallbackThread::new);
    }

    /** Daemon threads named {@code prefix1}, {@code prefix2}, … */
    public static ThreadFactory daemonThreads(String prefix) {
        return numbered(prefix, Thread::new);
    }

    private static ThreadFactory numbered(String prefix, BiFunction<Runnable, String, Thread> create) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = create.apply(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Runs a user's executor's tasks marked as callbacks, so that {@link #checkMayBlock} knows them. */
    public static Executor marking(Executor userExecutor) {
        return task -> userExecutor.execute(() -> {
            Boolean outer = IN_CALLBACK.get();
            IN_CALLBACK.set(Boolean.TRUE);
            try {
                task.run();
            } finally {
                if (outer == null) {
                    IN_CALLBACK.remove();
                }
            }
        });
    }

    private static final class CallbackThread extends Thread {
        CallbackThread(Runnable runnable, String name) {
            super(runnable, name);
        }
    }
}
