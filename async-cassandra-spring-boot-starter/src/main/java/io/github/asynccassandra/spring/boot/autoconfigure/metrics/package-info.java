/**
 * Micrometer meters for the session and the driver, and their auto-configuration.
 */
@NullMarked
package io.github.asynccassandra.spring.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
