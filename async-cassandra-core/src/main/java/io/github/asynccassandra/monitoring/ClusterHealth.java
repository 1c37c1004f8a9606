package io.github.asynccassandra.monitoring;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every node at one check of the {@link ConnectionMonitor}.
 *
 * @param clusterName name of the cluster, or {@code null} when unknown
 * @param protocolVersion protocol version the session speaks, such as {@code V5}
 * @param hosts each node known to the driver
 * @param checkedAt when the check finished
 */
public record ClusterHealth(@Nullable String clusterName, String protocolVersion, List<HostHealth> hosts, Instant checkedAt) {

    /** {@return nodes whose last probe succeeded} */
    public long healthyHosts() {
        return hosts.stream().filter(HostHealth::isHealthy).count();
    }

    /** {@return nodes whose last probe failed (not counting nodes not probed yet)} */
    public long unhealthyHosts() {
        return hosts.stream().filter(h -> h.state() == HostState.DOWN).count();
    }

    /** {@return whether at least one node answers} */
    public boolean isAnyHostUp() {
        return healthyHosts() > 0;
    }
}
