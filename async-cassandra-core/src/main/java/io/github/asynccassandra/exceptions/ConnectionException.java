package io.github.asynccassandra.exceptions;

/**
 * Connecting failed, the negotiated protocol is too old, or the session or cluster is closed.
 */
public class ConnectionException extends AsyncCassandraException {

    private static final long serialVersionUID = 1L;

    public ConnectionException(String message) {
        super(message);
    }

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
