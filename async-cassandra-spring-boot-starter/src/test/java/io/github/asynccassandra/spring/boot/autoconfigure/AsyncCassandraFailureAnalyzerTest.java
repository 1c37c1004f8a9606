package io.github.asynccassandra.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.InvalidKeyspaceException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import io.github.asynccassandra.exceptions.ConfigurationException;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.exceptions.ProtocolVersionException;
import com.datastax.oss.driver.internal.core.metadata.DefaultEndPoint;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The messages for each way start-up can fail to connect; the real failures are in the ITs. */
class AsyncCassandraFailureAnalyzerTest {

    private final AsyncCassandraFailureAnalyzer analyzer = new AsyncCassandraFailureAnalyzer();

    @Test
    void badCredentialsNameTheUserNameAndPasswordProperties() {
        FailureAnalysis analysis = analyze(new AuthenticationException(new DefaultEndPoint(new InetSocketAddress("127.0.0.1", 9042)),
                "Provided username app and/or password are incorrect"));
        assertThat(analysis.getDescription()).contains("Cassandra at [127.0.0.1:9042] rejected the login")
                .contains("username app");
        assertThat(analysis.getAction()).contains("async-cassandra.username").contains("async-cassandra.password");
    }

    @Test
    void anOldProtocolNamesTheProtocolVersionProperty() {
        FailureAnalysis analysis = analyze(new ProtocolVersionException(
                "Connected with protocol v4 but v5+ is required. Protocol v5 arrived with Cassandra 4.0"));
        assertThat(analysis.getDescription()).contains("does not speak CQL protocol v5");
        assertThat(analysis.getAction()).contains("async-cassandra.protocol-version");
    }

    @Test
    void anUnreachableClusterNamesTheContactPointsAndPort() {
        FailureAnalysis analysis = analyze(new ConnectionException("Failed to connect to [127.0.0.1:9042] after 3 "
                + "attempts"));
        assertThat(analysis.getDescription()).startsWith("Could not connect to Cassandra at [127.0.0.1:9042]");
        assertThat(analysis.getAction()).contains("async-cassandra.contact-points").contains("async-cassandra.port")
                .contains("async-cassandra.connect-timeout");
    }

    @Test
    void anUnknownDatacenterNamesTheLocalDatacenterProperty() {
        FailureAnalysis analysis = analyze(new ConfigurationException(
                "localDatacenter 'dc9' matches no node of the cluster; its datacenters are [datacenter1]",
                "localDatacenter", null));
        assertThat(analysis.getDescription()).contains("[datacenter1]");
        assertThat(analysis.getAction()).contains("async-cassandra.local-datacenter");
    }

    @Test
    void otherConfigurationFailuresPointAtTheProperties() {
        FailureAnalysis analysis = analyze(new ConfigurationException("Invalid cluster configuration: boom"));
        assertThat(analysis.getDescription()).startsWith("Invalid Cassandra configuration");
        assertThat(analysis.getAction()).contains("async-cassandra.*").doesNotContain("local-datacenter");
    }

    @Test
    void aMissingKeyspaceNamesTheKeyspaceProperty() {
        FailureAnalysis analysis = analyze(new InvalidKeyspaceException("Keyspace 'shop' does not exist"));
        assertThat(analysis.getAction()).contains("async-cassandra.keyspace");
    }

    @Test
    void findsTheFailureInsideBeanCreationExceptions() {
        AsyncCassandraConnectFailure failure = new AsyncCassandraConnectFailure(List.of("10.0.0.1:9042"),
                new ConnectionException("refused"));
        FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("asyncCassandraSession", "failed",
                failure));
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("[10.0.0.1:9042]");
        assertThat(analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
    }

    private FailureAnalysis analyze(Throwable cause) {
        return analyzer.analyze(new AsyncCassandraConnectFailure(List.of("127.0.0.1:9042"), cause));
    }
}
