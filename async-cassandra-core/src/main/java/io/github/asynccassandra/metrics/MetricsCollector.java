package io.github.asynccassandra.metrics;

/**
 * Receives the events a {@link MetricsMiddleware} records. Called on the middleware's own delivery
 * thread, one event at a time, never on a driver I/O thread: a slow collector delays only the metrics
 * (and, once the middleware's bounded queue is full, makes it drop events), never a query. Anything
 * thrown here, an {@link Error} too, never fails a query nor stops the other collectors: the
 * middleware counts it, logs it and moves on.
 */
@FunctionalInterface
public interface MetricsCollector {

    /**
     * A request finished.
     *
     * @param event a request finished
     */
    void recordQuery(QueryEvent event);

    /**
     * An attempt of a request failed on a node (each is retried, or ends its request with that error).
     *
     * @param event an attempt of a request failed on a node
     */
    default void recordNodeError(NodeErrorEvent event) {
    }

    /**
     * A stream opened, ended or was cancelled.
     *
     * @param event a stream opened, ended or was cancelled
     */
    default void recordStream(StreamEvent event) {
    }

    /**
     * The connection monitor checked a node.
     *
     * @param metrics the connection monitor checked a node
     */
    default void recordConnection(ConnectionMetrics metrics) {
    }

    /**
     * A node left the cluster (decommissioned, replaced, removed): forget what is kept for it.
     *
     * @param host the node's address as in {@link ConnectionMetrics#host()}
     */
    default void nodeRemoved(String host) {
    }
}
