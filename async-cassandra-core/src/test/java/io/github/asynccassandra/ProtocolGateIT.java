package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.simulacron.common.cluster.ClusterSpec;
import com.datastax.oss.simulacron.server.BoundCluster;
import com.datastax.oss.simulacron.server.Inet4Resolver;
import com.datastax.oss.simulacron.server.Server;
import io.github.asynccassandra.exceptions.ProtocolVersionException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a server that only speaks protocol v4 (Simulacron declaring Cassandra 3.11). */
class ProtocolGateIT {

    static Server server;
    static BoundCluster v4Cluster;

    @BeforeAll
    static void startV4Server() {
        server = Server.builder().withAddressResolver(new Inet4Resolver(new byte[] {127, 0, 1, 1}, 9042)).build();
        v4Cluster = server.register(ClusterSpec.builder().withNodes(1).withCassandraVersion("3.11.0"));
    }

    @AfterAll
    static void stopV4Server() throws Exception {
        if (v4Cluster != null) {
            v4Cluster.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void negotiatedV4IsRefusedWithAnUpgradeHint() {
        InetSocketAddress node = (InetSocketAddress) v4Cluster.node(0).getAddress();
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints(node.getAddress().getHostAddress())
                .port(node.getPort()).localDatacenter("dc1").build()) {
            Throwable failure = failureOf(cluster);
            assertThat(failure).isInstanceOf(ProtocolVersionException.class)
                    .hasMessageStartingWith("Connected with protocol v4 but v5+ is required")
                    .hasMessageContaining("Cassandra 4.0");
        }
    }

    @Test
    void forcedV5AgainstAV4ServerIsRefusedToo() {
        InetSocketAddress node = (InetSocketAddress) v4Cluster.node(0).getAddress();
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints(node.getAddress().getHostAddress())
                .port(node.getPort()).localDatacenter("dc1").protocolVersion(5).build()) {
            assertThat(failureOf(cluster)).isInstanceOf(ProtocolVersionException.class)
                    .hasMessageContaining("v5+ is required");
        }
    }

    private static Throwable failureOf(AsyncCluster cluster) {
        try {
            cluster.connect().join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("connect should have failed");
    }
}
