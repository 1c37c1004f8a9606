package io.github.asynccassandra.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a {@code cassandra.query} observation and its keys. Implement it to change them, and pass it to
 * {@code AsyncCluster.Builder.observationConvention(...)} (in Spring Boot, declare it as a bean); extend
 * {@link DefaultCassandraQueryObservationConvention} to keep the default keys and add your own.
 */
public interface CassandraQueryObservationConvention extends ObservationConvention<CassandraQueryContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof CassandraQueryContext;
    }
}
