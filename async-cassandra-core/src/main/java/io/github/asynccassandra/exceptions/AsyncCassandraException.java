package io.github.asynccassandra.exceptions;

/**
 * Base of every exception async-cassandra itself raises. Unchecked; the original exception, if any,
 * is kept as the {@linkplain #getCause() cause}.
 *
 * <p>Exceptions of the Cassandra driver (an {@code InvalidQueryException}, a
 * {@code ReadTimeoutException}, …) are not wrapped: they reach callers as they are.
 */
public class AsyncCassandraException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with this message.
     *
     * @param message what went wrong
     */
    public AsyncCassandraException(String message) {
        super(message);
    }

    /**
     * An exception with this message and cause.
     *
     * @param message what went wrong
     * @param cause the underlying cause
     */
    public AsyncCassandraException(String message, Throwable cause) {
        super(message, cause);
    }
}
