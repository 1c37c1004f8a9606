package io.github.asynccassandra.spring.boot.autoconfigure;

import java.util.List;

/**
 * Start-up could not open the session; {@link AsyncCassandraFailureAnalyzer} explains the cause and
 * names the property to fix.
 */
final class AsyncCassandraConnectFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> contactPoints;

    AsyncCassandraConnectFailure(List<String> contactPoints, Throwable cause) {
        super("Could not open a Cassandra session to " + contactPoints + ": " + cause.getMessage(), cause);
        this.contactPoints = List.copyOf(contactPoints);
    }

    List<String> getContactPoints() {
        return contactPoints;
    }
}
