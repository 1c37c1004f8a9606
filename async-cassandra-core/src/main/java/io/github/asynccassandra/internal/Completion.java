package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.DriverException;
import io.github.asynccassandra.exceptions.AsyncCassandraException;
import io.github.asynccassandra.exceptions.QueryException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Completes user-facing futures off the driver's I/O threads, with errors in their public form. */
public final class Completion {

    private Completion() {
    }

    /** The exception inside {@link CompletionException} and {@link ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * The error as callers see it: driver exceptions, async-cassandra's own exceptions and invalid
     * arguments pass through; anything else unexpected is wrapped in {@link QueryException}.
     */
    public static Throwable publicError(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof DriverException || cause instanceof AsyncCassandraException
                || cause instanceof IllegalArgumentException || cause instanceof Error) {
            return cause;
        }
        return new QueryException("Query execution failed: " + cause, cause);
    }

    /** Completes {@code future} on {@code executor}; inline when the executor no longer takes tasks. */
    public static <T> void complete(CompletableFuture<T> future, T value, Throwable error, Executor executor) {
        runOn(executor, error == null ? () -> future.complete(value) : () -> future.completeExceptionally(error));
    }

    /**
     * Runs {@code task} on {@code executor}, or inline once the executor no longer takes tasks (a closing
     * cluster), so that the work is never dropped.
     */
    public static void runOn(Executor executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }
}
