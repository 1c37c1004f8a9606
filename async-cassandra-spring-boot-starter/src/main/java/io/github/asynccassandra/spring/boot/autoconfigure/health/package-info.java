/**
 * The {@code asyncCassandra} actuator health indicator and its auto-configuration.
 */
@NullMarked
package io.github.asynccassandra.spring.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
