package io.github.asynccassandra.spring.boot.autoconfigure;

import com.datastax.oss.driver.api.core.InvalidKeyspaceException;
import com.datastax.oss.driver.api.core.UnsupportedProtocolVersionException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import io.github.asynccassandra.exceptions.ConfigurationException;
import io.github.asynccassandra.exceptions.ProtocolVersionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains why the session could not be opened at start-up, naming the property to fix. */
class AsyncCassandraFailureAnalyzer extends AbstractFailureAnalyzer<AsyncCassandraConnectFailure> {

    private static final String PREFIX = AsyncCassandraProperties.PREFIX + ".";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AsyncCassandraConnectFailure failure) {
        Throwable cause = failure.getCause();
        String where = "Cassandra at " + failure.getContactPoints();
        if (findCause(cause, AuthenticationException.class) != null) {
            return new FailureAnalysis(where + " rejected the login: " + cause.getMessage(),
                    "Check " + PREFIX + "username and " + PREFIX + "password (or the credentials your "
                            + "AsyncCassandraConnectionDetails bean supplies).", failure);
        }
        if (findCause(cause, ProtocolVersionException.class) != null
                || findCause(cause, UnsupportedProtocolVersionException.class) != null) {
            return new FailureAnalysis(where + " does not speak CQL protocol v5 or newer: " + cause.getMessage(),
                    "Use Cassandra 4.0 or newer, and leave " + PREFIX + "protocol-version unset or set it to 5 "
                            + "or 6.", failure);
        }
        if (cause instanceof InvalidKeyspaceException) {
            return new FailureAnalysis(where + ": " + cause.getMessage(), "Create the keyspace, or correct "
                    + PREFIX + "keyspace (remove it to connect without a keyspace).", failure);
        }
        if (cause instanceof ConfigurationException configuration
                && "localDatacenter".equals(configuration.getSetting())) {
            return new FailureAnalysis(where + ": " + cause.getMessage(), "Set " + PREFIX + "local-datacenter to "
                    + "one of the datacenters listed, or remove it to discover the datacenter from the contact "
                    + "points.", failure);
        }
        if (cause instanceof ConfigurationException) {
            return new FailureAnalysis("Invalid Cassandra configuration: " + cause.getMessage(), "Review the "
                    + PREFIX + "* properties and your AsyncClusterBuilderCustomizer beans.", failure);
        }
        return new FailureAnalysis("Could not connect to " + where + ": " + cause.getMessage(), "Check that "
                + "Cassandra is running and reachable, and that " + PREFIX + "contact-points and " + PREFIX
                + "port point at it. A slow cluster may need a longer " + PREFIX + "connect-timeout.", failure);
    }
}
