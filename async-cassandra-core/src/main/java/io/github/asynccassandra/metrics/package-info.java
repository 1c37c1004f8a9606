/**
 * Request, stream and connection events, and the {@link io.github.asynccassandra.metrics.MetricsMiddleware} that fans them out to collectors.
 */
@NullMarked
package io.github.asynccassandra.metrics;

import org.jspecify.annotations.NullMarked;
