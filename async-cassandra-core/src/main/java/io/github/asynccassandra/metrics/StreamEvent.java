package io.github.asynccassandra.metrics;

/**
 * A change in a stream's life. Each page is also reported as a {@link QueryEvent}.
 *
 * @param type what happened
 * @param kind what the streamed statement does
 * @param pages pages received so far
 * @param rows rows received so far
 */
public record StreamEvent(Type type, QueryKind kind, int pages, long rows) {

    /** Stream life-cycle events. */
    public enum Type {
        /** The first page arrived and the stream was handed to the caller. */
        OPENED,
        /** The stream ended: consumed to the end, failed, or ended by {@code maxPages}. */
        CLOSED,
        /** The stream was closed or cancelled before its end. */
        CANCELLED
    }
}
