package io.github.asynccassandra.exceptions;

/**
 * Connecting failed, the negotiated protocol is too old, or the session or cluster is closed.
 */
public class ConnectionException extends AsyncCassandraException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with this message.
     *
     * @param message what went wrong
     */
    public ConnectionException(String message) {
        super(message);
    }

    /**
     * An exception with this message and cause.
     *
     * @param message what went wrong
     * @param cause the underlying cause
     */
    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
