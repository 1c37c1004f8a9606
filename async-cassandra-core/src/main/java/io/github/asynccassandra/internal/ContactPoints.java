package io.github.asynccassandra.internal;

import java.net.InetSocketAddress;

/**
 * Contact points as written by users: {@code host}, {@code host:port}, {@code [ipv6]:port} or a bare IPv6
 * address. A point without a port uses the cluster's port, so one list can name nodes on several ports.
 */
public final class ContactPoints {

    private ContactPoints() {
    }

    /**
     * The address {@code point} names, unresolved (connecting never blocks on DNS here).
     *
     * @param defaultPort the port of a point that names none
     * @throws IllegalArgumentException naming the point, when its port is not a number from 1 to 65535 or
     *     its brackets are not closed
     */
    public static InetSocketAddress parse(String point, int defaultPort) {
        String text = point.strip();
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("contact point '" + point + "' opens '[' but does not close it");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("contact point '" + point + "' has '" + rest
                            + "' after ']': expected ':port'");
                }
                port = rest.substring(1);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        } else {
            // A name, an IPv4 address, or an IPv6 address without brackets (so without a port).
            host = text;
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("contact point '" + point + "' names no host");
        }
        return InetSocketAddress.createUnresolved(host, port == null ? defaultPort : portOf(point, port));
    }

    private static int portOf(String point, String port) {
        try {
            int value = Integer.parseInt(port);
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the point.
        }
        throw new IllegalArgumentException("contact point '" + point + "' has port '" + port
                + "': expected a number from 1 to 65535");
    }

    /** {@code host:port}, with brackets around an IPv6 host: the form {@link #parse} reads back. */
    public static String format(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
