package io.github.asynccassandra;

import io.github.asynccassandra.embedded.EmbeddedCassandra;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Builds clusters pointed at an embedded node. */
final class ClusterSupport {

    private ClusterSupport() {
    }

    static AsyncCluster.Builder builderFor(EmbeddedCassandra cassandra) {
        InetSocketAddress first = cassandra.contactPoints().get(0);
        return AsyncCluster.builder()
                .contactPoints(List.of(first.getAddress().getHostAddress()))
                .port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter())
                // A busy 2-core CI machine can stall a node for more than the driver's 2 s default.
                .option("basic.request.timeout", Duration.ofSeconds(15));
    }
}
