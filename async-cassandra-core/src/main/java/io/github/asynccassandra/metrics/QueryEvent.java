package io.github.asynccassandra.metrics;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * One finished request, as reported to every {@link MetricsCollector}: each request the driver sends on a
 * session of the cluster, whoever sends it (this library's {@code execute}, {@code executeBatch} and
 * streams, a Spring Data template, plain driver code), once per page for a query that spans several
 * pages; and each {@code prepare} (which the driver does not report, so the library does).
 *
 * @param kind what the statement does
 * @param query the CQL text, for fingerprinting; never contains bound values (they can be personal
 *     data). Collectors must not export it raw.
 * @param keyspace keyspace the request ran in, or {@code null}
 * @param durationNanos time from submission to completion
 * @param success whether the request succeeded
 * @param errorType simple class name of the error, or {@code null} on success
 * @param rowCount rows returned, or -1 when unknown: the driver reports a request's end without its result
 * @param parameterCount bound values sent
 * @param retried whether an attempt failed on a node before the end (the driver retried it)
 * @param speculative whether speculative executions were started, when known (false otherwise)
 * @param coordinator node that answered, or {@code null} when unknown
 * @param timestampMillis wall-clock time of completion
 */
public record QueryEvent(QueryKind kind, @Nullable String query, @Nullable String keyspace, long durationNanos, boolean success,
        @Nullable String errorType, int rowCount, int parameterCount, boolean retried, boolean speculative,
        @Nullable InetSocketAddress coordinator, long timestampMillis) {
}
