package io.github.asynccassandra.monitoring;

/** A node's health as the monitor sees it. */
public enum HostState {
    /** The last probe sent to the node succeeded. */
    UP,
    /** The last probe failed or timed out, or the driver could not reach the node. */
    DOWN,
    /** Not probed yet. */
    UNKNOWN
}
