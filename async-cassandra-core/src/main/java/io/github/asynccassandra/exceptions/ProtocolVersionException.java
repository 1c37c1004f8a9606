package io.github.asynccassandra.exceptions;

/**
 * The server cannot speak CQL native protocol v5 or newer, which async-cassandra requires (v5 arrived
 * with Cassandra 4.0). A {@link ConnectionException}, as in the Python library, so code that catches
 * connection failures catches this too.
 */
public class ProtocolVersionException extends ConnectionException {

    private static final long serialVersionUID = 1L;

    public ProtocolVersionException(String message) {
        super(message);
    }

    public ProtocolVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}
