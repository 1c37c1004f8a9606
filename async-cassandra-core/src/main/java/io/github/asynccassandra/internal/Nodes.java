package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.metadata.Node;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** How the library names a node: one place for the monitor, the metrics and the observations. */
public final class Nodes {

    private Nodes() {
    }

    /**
     * The node's client address: the one it reports, else its contact point (which stays unresolved:
     * connect never blocks on DNS).
     */
    public static SocketAddress address(Node node) {
        return node.getBroadcastRpcAddress().map(a -> (SocketAddress) a).orElseGet(() -> node.getEndPoint().resolve());
    }

    /** The host part of an address: its IP when resolved, else the name it was given. */
    public static String host(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    /** {@code host:port}, as the monitor's {@code HostHealth} and the per-node meters name the node. */
    public static String name(Node node) {
        SocketAddress address = address(node);
        return address instanceof InetSocketAddress inet ? host(inet) + ":" + inet.getPort() : String.valueOf(address);
    }
}
