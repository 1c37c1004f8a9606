package io.github.asynccassandra.embedded;

/** Raised when an embedded Cassandra node cannot be resolved, configured, started or controlled. */
public class EmbeddedCassandraException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with this message.
     *
     * @param message what went wrong
     */
    public EmbeddedCassandraException(String message) {
        super(message);
    }

    /**
     * An exception with this message and cause.
     *
     * @param message what went wrong
     * @param cause the underlying cause
     */
    public EmbeddedCassandraException(String message, Throwable cause) {
        super(message, cause);
    }
}
