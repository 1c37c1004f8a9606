package io.github.asynccassandra.embedded;

/** Raised when an embedded Cassandra node cannot be resolved, configured, started or controlled. */
public class EmbeddedCassandraException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedCassandraException(String message) {
        super(message);
    }

    public EmbeddedCassandraException(String message, Throwable cause) {
        super(message, cause);
    }
}
