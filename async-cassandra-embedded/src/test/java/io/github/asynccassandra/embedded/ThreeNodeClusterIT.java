package io.github.asynccassandra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraExtension;
import java.time.Duration;
import java.util.Collection;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodeClusterIT {

    private static final java.time.Duration SLOW = java.time.Duration.ofSeconds(30);

    @RegisterExtension
    static final EmbeddedCassandraExtension CLUSTER =
            EmbeddedCassandraExtension.dedicated(builder -> builder.nodes(3).heap("768m"));

    @Test
    @Order(1)
    void driverSeesThreeNodesUpInOneDatacenter(EmbeddedCassandra cluster) {
        try (CqlSession session = cluster.cqlSessionBuilder().build()) {
            Collection<Node> nodes = session.getMetadata().getNodes().values();
            assertThat(nodes).hasSize(3).allSatisfy(node -> {
                assertThat(node.getState()).isEqualTo(NodeState.UP);
                assertThat(node.getDatacenter()).isEqualTo(EmbeddedCassandra.DATACENTER);
            });
            assertThat(nodes).extracting(n -> n.getBroadcastRpcAddress().orElseThrow().getAddress().getHostAddress())
                    .containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2", "127.0.0.3");
        }
    }

    @Test
    @Order(2)
    void pausedNodeAnswersNothingUntilResumed(EmbeddedCassandra cluster) {
        try (CqlSession session = cluster.cqlSessionBuilder().build()) {
            Node frozen = nodeAt(session, "127.0.0.2");
            cluster.pause(2);
            SimpleStatement probe = SimpleStatement.newInstance("SELECT release_version FROM system.local")
                    .setNode(frozen).setTimeout(Duration.ofSeconds(1));
            assertThatThrownBy(() -> session.execute(probe)).isInstanceOf(DriverTimeoutException.class);
            assertThat(cluster.isRunning(2)).isTrue();

            cluster.resume(2);
            assertThat(session.execute(probe.setTimeout(Duration.ofSeconds(10))).one().getString(0))
                    .isEqualTo(cluster.version());
        }
    }

    @Test
    @Order(3)
    void killedNodeComesBackOnTheSameDataAfterRestart(EmbeddedCassandra cluster) {
        try (CqlSession session = cluster.cqlSessionBuilder().build()) {
            // Schema changes across three nodes routinely outlast the driver's 2 s default on a busy machine.
            session.execute(SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS restart_test WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 3}").setTimeout(SLOW));
            session.execute(SimpleStatement.newInstance(
                    "CREATE TABLE IF NOT EXISTS restart_test.kv (k int PRIMARY KEY, v text)").setTimeout(SLOW));
            session.execute(SimpleStatement.newInstance("INSERT INTO restart_test.kv (k, v) VALUES (1, 'kept')")
                    .setTimeout(SLOW));
        }
        long pid = cluster.pid(3);
        cluster.kill(3);
        assertThat(cluster.isRunning(3)).isFalse();
        assertThat(ProcessHandle.of(pid)).isEmpty();

        cluster.restart(3);
        assertThat(cluster.pid(3)).isPositive().isNotEqualTo(pid);
        try (CqlSession onlyNode3 = CqlSession.builder()
                .addContactPoint(cluster.contactPoints().get(2)).withLocalDatacenter(cluster.localDatacenter())
                .build()) {
            Node node3 = nodeAt(onlyNode3, "127.0.0.3");
            SimpleStatement read = SimpleStatement.newInstance("SELECT v FROM restart_test.kv WHERE k = 1")
                    .setNode(node3).setConsistencyLevel(com.datastax.oss.driver.api.core.ConsistencyLevel.ONE);
            assertThat(onlyNode3.execute(read).one().getString("v")).isEqualTo("kept");
        }
    }

    @Test
    @Order(4)
    void stopEndsEveryNodeProcess() {
        EmbeddedCassandra cluster = CLUSTER.cassandra();
        long[] pids = {cluster.pid(1), cluster.pid(2), cluster.pid(3)};
        cluster.stop();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid)).as("process %d", pid).isEmpty();
        }
        assertThat(cluster.isStarted()).isFalse();
    }

    private static Node nodeAt(CqlSession session, String address) {
        return session.getMetadata().getNodes().values().stream()
                .filter(n -> n.getBroadcastRpcAddress().orElseThrow().getAddress().getHostAddress().equals(address))
                .findFirst().orElseThrow();
    }
}
