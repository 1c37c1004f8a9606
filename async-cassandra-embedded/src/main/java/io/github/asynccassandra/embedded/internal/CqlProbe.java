package io.github.asynccassandra.embedded.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;

/** Asks a node, over CQL, whether it is ready: the way a real client would see it. */
public final class CqlProbe {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private CqlProbe() {
    }

    /** Whether something accepts TCP connections at {@code address}. */
    public static boolean acceptsConnections(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A driver configuration for short-lived probe sessions: quick to open, no schema metadata. */
    public static DriverConfigLoader probeConfig() {
        return DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, PROBE_TIMEOUT)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, PROBE_TIMEOUT)
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, PROBE_TIMEOUT)
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
                .withInt(DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE, 1)
                .build();
    }

    /** Runs {@code SELECT release_version FROM system.local} through a fresh session and returns it. */
    public static String releaseVersion(Supplier<CqlSessionBuilder> sessionBuilder) {
        try (CqlSession session = sessionBuilder.get().withConfigLoader(probeConfig()).build()) {
            return session.execute("SELECT release_version FROM system.local").one().getString(0);
        }
    }

    /** How many of the nodes a fresh session sees are UP, or -1 while fewer than {@code expected} are known. */
    public static int upNodes(Supplier<CqlSessionBuilder> sessionBuilder, int expected) {
        try (CqlSession session = sessionBuilder.get().withConfigLoader(probeConfig()).build()) {
            Collection<Node> nodes = session.getMetadata().getNodes().values();
            if (nodes.size() < expected) {
                return -1;
            }
            return (int) nodes.stream().filter(n -> n.getState() == NodeState.UP).count();
        }
    }
}
