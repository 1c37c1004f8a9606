/**
 * Micrometer Observation of every request, auto-configured when the context has an {@code ObservationRegistry}.
 */
@NullMarked
package io.github.asynccassandra.spring.boot.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
