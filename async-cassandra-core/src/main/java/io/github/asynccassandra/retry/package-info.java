/**
 * {@link io.github.asynccassandra.retry.AsyncRetryPolicy}: the driver retry policy that honours idempotence.
 */
@NullMarked
package io.github.asynccassandra.retry;

import org.jspecify.annotations.NullMarked;
