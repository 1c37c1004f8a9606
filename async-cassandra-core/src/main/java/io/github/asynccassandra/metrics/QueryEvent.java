package io.github.asynccassandra.metrics;

import java.net.InetSocketAddress;

/**
 * One finished request ({@code execute}, {@code executeBatch}, {@code prepare}, or a stream page), as
 * reported to every {@link MetricsCollector}.
 *
 * @param kind what the statement does
 * @param query the CQL text, for fingerprinting; never contains bound values (they can be personal
 *     data). Collectors must not export it raw.
 * @param keyspace keyspace the request ran in, or {@code null}
 * @param durationNanos time from submission to completion
 * @param success whether the request succeeded
 * @param errorType simple class name of the error, or {@code null} on success
 * @param rowCount rows returned (0 for writes and failures)
 * @param parameterCount bound values sent
 * @param retried whether the driver tried more than one node or attempt
 * @param speculative whether speculative executions were started
 * @param coordinator node that answered, or {@code null} when unknown
 * @param timestampMillis wall-clock time of completion
 */
public record QueryEvent(QueryKind kind, String query, String keyspace, long durationNanos, boolean success,
        String errorType, int rowCount, int parameterCount, boolean retried, boolean speculative,
        InetSocketAddress coordinator, long timestampMillis) {
}
