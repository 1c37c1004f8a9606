package io.github.asynccassandra.monitoring;

/**
 * The session's connections at a glance (the seed's {@code get_connection_summary}).
 *
 * @param totalHosts nodes the driver knows
 * @param upHosts nodes the driver considers up
 * @param downHosts nodes the driver considers down
 * @param openConnections connections open to all nodes
 * @param inFlightRequests requests in flight on them
 * @param protocolVersion protocol the session speaks
 */
public record ConnectionSummary(int totalHosts, int upHosts, int downHosts, int openConnections,
        int inFlightRequests, String protocolVersion) {
}
