package io.github.asynccassandra.monitoring;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One node at its last check.
 *
 * @param address {@code host:port} of the node
 * @param datacenter the node's datacenter
 * @param rack the node's rack
 * @param state result of the last probe
 * @param driverState the driver's own view ({@code UP}, {@code DOWN}, {@code UNKNOWN}, {@code FORCED_DOWN})
 * @param probeLatency latency of the last successful probe, or {@code null}
 * @param lastError error of the last failed probe, or {@code null}
 * @param lastCheck when the node was last probed, or {@code null}
 * @param cassandraVersion release version the node reported, or {@code null}
 * @param openConnections connections the driver holds to the node
 * @param inFlightRequests requests in flight on those connections
 */
public record HostHealth(String address, String datacenter, String rack, HostState state, String driverState,
        @Nullable Duration probeLatency, @Nullable String lastError, @Nullable Instant lastCheck,
        @Nullable String cassandraVersion, int openConnections,
        int inFlightRequests) {

    /** {@return whether the last probe succeeded} */
    public boolean isHealthy() {
        return state == HostState.UP;
    }
}
