package io.github.asynccassandra.exceptions;

/**
 * The server cannot speak CQL native protocol v5 or newer, which async-cassandra requires (v5 arrived
 * with Cassandra 4.0). A {@link ConnectionException}, as in the Python library, so code that catches
 * connection failures catches this too.
 */
public class ProtocolVersionException extends ConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with this message.
     *
     * @param message what went wrong
     */
    public ProtocolVersionException(String message) {
        super(message);
    }

    /**
     * An exception with this message and cause.
     *
     * @param message what went wrong
     * @param cause the underlying cause
     */
    public ProtocolVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}
