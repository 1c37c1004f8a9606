package io.github.asynccassandra.metrics;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One query as the in-memory collector keeps it (the seed's {@code QueryMetrics}). Holds a
 * fingerprint of the query, never its text or values.
 *
 * @param fingerprint hash of the normalized query (see {@link QueryFingerprint})
 * @param kind what the query does
 * @param duration time from submission to completion
 * @param success whether it succeeded
 * @param errorType simple class name of the error, or {@code null}
 * @param timestamp when it completed
 * @param parameterCount bound values sent
 * @param resultSize rows returned
 */
public record QueryMetrics(String fingerprint, QueryKind kind, Duration duration, boolean success, @Nullable String errorType,
        Instant timestamp, int parameterCount, int resultSize) {
}
