package io.github.asynccassandra.spring.boot.autoconfigure.metrics;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.internal.metrics.micrometer.MicrometerMetricsFactory;
import com.datastax.oss.driver.internal.core.metrics.TaggingMetricIdGenerator;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraAutoConfiguration;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraProperties;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncClusterBuilderCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Publishes async-cassandra's request, stream and node-health metrics, and the driver's own session and
 * node metrics, to the application's Micrometer {@link MeterRegistry}.
 */
@AutoConfiguration(before = AsyncCassandraAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({AsyncCluster.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "async-cassandra.metrics.enabled", matchIfMissing = true)
public final class AsyncCassandraMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MicrometerMetricsCollector asyncCassandraMicrometerMetricsCollector(MeterRegistry registry) {
        return new MicrometerMetricsCollector(registry);
    }

    /** The driver's metrics, through its Micrometer module, tagged by session and node. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MicrometerMetricsFactory.class)
    @ConditionalOnBooleanProperty(name = "async-cassandra.metrics.driver.enabled", matchIfMissing = true)
    static class DriverMetricsConfiguration {

        /** Prefix of the driver's meter names, such as {@code cassandra.driver.session.bytes-sent}. */
        static final String PREFIX = "cassandra.driver";

        @Bean
        AsyncClusterBuilderCustomizer asyncCassandraDriverMetricsCustomizer(MeterRegistry registry,
                AsyncCassandraProperties properties) {
            AsyncCassandraProperties.DriverMetrics driver = properties.getMetrics().getDriver();
            return builder -> builder
                    .option(DefaultDriverOption.METRICS_FACTORY_CLASS.getPath(), MicrometerMetricsFactory.class)
                    .option(DefaultDriverOption.METRICS_ID_GENERATOR_CLASS.getPath(), TaggingMetricIdGenerator.class)
                    .option(DefaultDriverOption.METRICS_ID_GENERATOR_PREFIX.getPath(), PREFIX)
                    .option(DefaultDriverOption.METRICS_SESSION_ENABLED.getPath(), driver.getSession())
                    .option(DefaultDriverOption.METRICS_NODE_ENABLED.getPath(), driver.getNode())
                    .driverSessionCustomizer(session -> session.withMetricRegistry(registry));
        }
    }
}
