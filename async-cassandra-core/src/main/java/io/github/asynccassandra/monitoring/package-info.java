/**
 * The {@link io.github.asynccassandra.monitoring.ConnectionMonitor}: every node probed on a schedule, and the health it reports.
 */
@NullMarked
package io.github.asynccassandra.monitoring;

import org.jspecify.annotations.NullMarked;
