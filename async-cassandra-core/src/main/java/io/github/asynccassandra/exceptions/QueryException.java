package io.github.asynccassandra.exceptions;

/**
 * An unexpected exception that is not the driver's happened while executing a query. Its message
 * starts with {@code Query execution failed: } and the original is the cause. Errors the driver
 * reports (invalid queries, timeouts, unavailable replicas, …) are never wrapped in this.
 */
public class QueryException extends AsyncCassandraException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with this message and cause.
     *
     * @param message what went wrong
     * @param cause the underlying cause
     */
    public QueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
