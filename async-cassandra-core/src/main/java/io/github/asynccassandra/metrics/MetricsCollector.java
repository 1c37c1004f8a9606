package io.github.asynccassandra.metrics;

/**
 * Receives the events a {@link MetricsMiddleware} records. Called on the thread that completes the
 * request, so implementations must be fast, thread-safe and non-blocking. An exception thrown here
 * never fails the request: the middleware logs it and moves on.
 */
@FunctionalInterface
public interface MetricsCollector {

    /** A request finished. */
    void recordQuery(QueryEvent event);

    /** A stream opened, ended or was cancelled. */
    default void recordStream(StreamEvent event) {
    }

    /** The connection monitor checked a node. */
    default void recordConnection(ConnectionMetrics metrics) {
    }
}
