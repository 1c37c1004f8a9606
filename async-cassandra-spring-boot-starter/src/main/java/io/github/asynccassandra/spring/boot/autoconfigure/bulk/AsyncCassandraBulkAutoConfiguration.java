package io.github.asynccassandra.spring.boot.autoconfigure.bulk;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.bulk.BulkOperations;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A {@link BulkOperations} bean on the application's session when {@code async-cassandra-bulk} is on the
 * classpath, recording progress in the {@link MeterRegistry} when there is one.
 */
@AutoConfiguration(after = AsyncCassandraAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({AsyncCassandraSession.class, BulkOperations.class})
@ConditionalOnSingleCandidate(AsyncCassandraSession.class)
@Import({AsyncCassandraBulkAutoConfiguration.Metered.class, AsyncCassandraBulkAutoConfiguration.Plain.class})
public final class AsyncCassandraBulkAutoConfiguration {

    /** With Micrometer: progress meters too. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class Metered {

        @Bean
        @ConditionalOnMissingBean
        BulkOperations asyncCassandraMeteredBulkOperations(AsyncCassandraSession session,
                MeterRegistry meterRegistry) {
            return BulkOperations.of(session, meterRegistry);
        }
    }

    /** Without Micrometer, or without a registry (the type is a name: the class may be absent). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(type = "io.micrometer.core.instrument.MeterRegistry")
    static class Plain {

        @Bean
        @ConditionalOnMissingBean
        BulkOperations asyncCassandraBulkOperations(AsyncCassandraSession session) {
            return BulkOperations.of(session);
        }
    }
}
