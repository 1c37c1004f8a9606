package io.github.asynccassandra.metrics;

/**
 * One attempt of a request that failed on a node: the driver then retried the request (on the same node
 * or another) or ended it with this error. Reported when the request ends, for every request on the
 * cluster's sessions, whoever sent it.
 *
 * @param node the node's address, {@code address:port}, as in {@link ConnectionMetrics#host()}
 * @param errorType simple class name of the error
 * @param kind what the request does
 * @param retried whether the driver then retried the request; false when this error ended it
 */
public record NodeErrorEvent(String node, String errorType, QueryKind kind, boolean retried) {
}
