package io.github.asynccassandra.monitoring;

/** Told when a node's {@link HostState} changes between two checks. */
@FunctionalInterface
public interface HostStateListener {

    /**
     * Called on the monitor's thread; must be quick and must not throw (a throw is logged).
     *
     * @param host the host
     * @param previous the previous
     */
    void onStateChange(HostHealth host, HostState previous);
}
