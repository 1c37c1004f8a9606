package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.InvalidKeyspaceException;
import com.datastax.oss.driver.internal.core.context.InternalDriverContext;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.exceptions.ConfigurationException;
import io.github.asynccassandra.exceptions.ConnectionException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

@EmbeddedCassandraTest
class ConnectIT {

    @Test
    void discoversTheLocalDatacenterWhenNoneIsGiven(EmbeddedCassandra cassandra) {
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .build()) {
            AsyncCassandraSession session = cluster.connect().join();
            assertThat(session.execute("SELECT data_center FROM system.local").join().one().getString(0))
                    .isEqualTo("datacenter1");
            assertThat(cluster.getMetadata().getNodes()).hasSize(1);
        }
    }

    @Test
    void aContactPointCarriesItsOwnPort(EmbeddedCassandra cassandra) {
        // The cluster's port points nowhere: the node is reached through the port its contact point names.
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1:" + cassandra.nativePort())
                .port(1).localDatacenter(cassandra.localDatacenter()).build()) {
            AsyncCassandraSession session = cluster.connect().join();
            assertThat(session.execute("SELECT release_version FROM system.local").join().one().getString(0))
                    .startsWith("5.");
        }
        assertThatThrownBy(() -> AsyncCluster.builder().contactPoints("127.0.0.1:99999"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'127.0.0.1:99999'")
                .hasMessageContaining("1 to 65535");
    }

    @Test
    void shutdownClosesEverySessionAndIsIdempotent(EmbeddedCassandra cassandra) {
        AsyncCluster cluster = ClusterSupport.builderFor(cassandra).build();
        AsyncCassandraSession first = cluster.connect().join();
        AsyncCassandraSession second = cluster.connect().join();
        cluster.shutdown().join();
        cluster.shutdown().join();
        cluster.close();
        assertThat(cluster.isClosed()).isTrue();
        assertThat(first.isClosed()).isTrue();
        assertThat(second.isClosed()).isTrue();
        assertThatThrownBy(() -> cluster.connect().join()).hasCauseInstanceOf(ConnectionException.class)
                .hasMessageContaining("shut down");
    }

    @Test
    void missingKeyspaceFailsWithoutRetries(EmbeddedCassandra cassandra) {
        try (AsyncCluster cluster = ClusterSupport.builderFor(cassandra).build()) {
            assertThatThrownBy(() -> cluster.connect("no_such_keyspace").join())
                    .hasCauseInstanceOf(InvalidKeyspaceException.class);
            assertThatThrownBy(() -> cluster.connect("bad-name").join())
                    .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid keyspace name");
        }
    }

    @Test
    void unreachableClusterFailsAfterThreeAttempts() throws IOException {
        int closedPort = closedPort();
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(closedPort)
                .localDatacenter("datacenter1").build()) {
            Throwable failure = catchFailure(() -> cluster.connect(null, Duration.ofSeconds(20)).join());
            assertThat(failure).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("after 3 attempts").hasMessageContaining("127.0.0.1:" + closedPort);
        }
    }

    @Test
    void connectTimeoutFailsWithConnectionExceptionAndLeavesNothingOpen() throws IOException {
        int closedPort = closedPort();
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(closedPort)
                .localDatacenter("datacenter1").build()) {
            Throwable failure = catchFailure(() -> cluster.connect(null, Duration.ofMillis(1500)).join());
            assertThat(failure).isInstanceOf(ConnectionException.class).hasMessageContaining("PT1.5S");
        }
    }

    @Test
    void localDatacenterThatNoNodeBelongsToFailsConnectNamingTheDatacenters(EmbeddedCassandra cassandra) {
        try (AsyncCluster cluster = ClusterSupport.builderFor(cassandra).localDatacenter("dc-typo").build()) {
            Throwable failure = catchFailure(() -> cluster.connect().join());
            assertThat(failure).isInstanceOf(ConfigurationException.class)
                    .hasMessage("localDatacenter 'dc-typo' matches no node of the cluster; its datacenters are "
                            + "[datacenter1]")
                    .extracting("setting").isEqualTo("localDatacenter");
        }
    }

    @Test
    void driverSessionCustomizersSeeTheDriverBuilder(EmbeddedCassandra cassandra) {
        List<String> applied = new ArrayList<>();
        try (AsyncCluster cluster = ClusterSupport.builderFor(cassandra)
                .driverSessionCustomizer(builder -> applied.add("first"))
                .driverSessionCustomizer(builder -> builder.withApplicationName("customized"))
                .build()) {
            AsyncCassandraSession session = cluster.connect().join();
            assertThat(applied).containsExactly("first");
            assertThat(((InternalDriverContext) session.getDriverSession().getContext()).getStartupOptions()).containsEntry("APPLICATION_NAME",
                    "customized");
        }
    }

    @Test
    void forceCloseEndsTheSessionAndFailsLaterRequests(EmbeddedCassandra cassandra) {
        try (AsyncCluster cluster = ClusterSupport.builderFor(cassandra).build()) {
            AsyncCassandraSession session = cluster.connect().join();
            session.forceCloseAsync().join();
            assertThat(session.isClosed()).isTrue();
            assertThat(session.getDriverSession().isClosed()).isTrue();
            assertThat(session.closeAsync()).isCompleted();
            assertThatThrownBy(() -> session.execute("SELECT now() FROM system.local").join())
                    .hasCauseInstanceOf(ConnectionException.class);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Throwable catchFailure(Runnable action) {
        try {
            action.run();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
