package io.github.asynccassandra.spring.boot.autoconfigure.observation;

import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.observation.CassandraQueryObservationConvention;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraAutoConfiguration;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncClusterBuilderCustomizer;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Observes every Cassandra request as a {@code cassandra.query} observation in the application's
 * {@link ObservationRegistry}, so that it is timed and, with Micrometer Tracing, traced under the
 * request that caused it. A {@link CassandraQueryObservationConvention} bean replaces the default names.
 */
@AutoConfiguration(before = AsyncCassandraAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({AsyncCluster.class, ObservationRegistry.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "async-cassandra.observations.enabled", matchIfMissing = true)
public final class AsyncCassandraObservationAutoConfiguration {

    @Bean
    AsyncClusterBuilderCustomizer asyncCassandraObservationCustomizer(ObservationRegistry registry,
            ObjectProvider<CassandraQueryObservationConvention> convention) {
        return builder -> {
            builder.observationRegistry(registry);
            convention.ifUnique(builder::observationConvention);
        };
    }
}
