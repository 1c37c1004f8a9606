package io.github.asynccassandra.embedded.internal;

import io.github.asynccassandra.embedded.EmbeddedCassandraException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;

/** Checks and picks TCP ports on the nodes' loopback addresses. */
public final class Ports {

    private static final int ATTEMPTS = 50;

    private Ports() {
    }

    /** Whether {@code port} can be bound on {@code address} right now. */
    public static boolean isFree(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As Cassandra binds: connections left in TIME_WAIT by a killed node do not block a restart.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that is free on every one of {@code addresses} and not in {@code exclude}. */
    public static int findFree(List<InetAddress> addresses, Set<Integer> exclude) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int candidate;
            try (ServerSocket socket = new ServerSocket(0, 1, addresses.get(0))) {
                candidate = socket.getLocalPort();
            } catch (IOException e) {
                throw new EmbeddedCassandraException("Cannot bind any port on " + addresses.get(0), e);
            }
            if (!exclude.contains(candidate) && addresses.stream().allMatch(a -> isFree(a, candidate))) {
                return candidate;
            }
        }
        throw new EmbeddedCassandraException("Found no port that is free on all of " + addresses);
    }
}
