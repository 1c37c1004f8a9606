package io.github.asynccassandra.spring.boot.autoconfigure;

import com.datastax.oss.driver.api.core.CqlSession;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.internal.LazyAsyncCassandraSession;
import io.github.asynccassandra.metrics.MetricsCollector;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.monitoring.ConnectionMonitor;
import java.util.concurrent.CompletionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.cassandra.autoconfigure.CassandraConnectionDetails;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds the {@link AsyncCluster}, opens the {@link AsyncCassandraSession} at start-up, and closes both
 * with the context ({@link AsyncCassandraLifecycle}). Every bean backs off when the application defines
 * its own. The driver session is also a {@link CqlSession} bean, so Spring Boot's own Cassandra
 * auto-configuration backs off and Spring Data Cassandra runs on the same session.
 */
@AutoConfiguration(after = SslAutoConfiguration.class,
        beforeName = "org.springframework.boot.cassandra.autoconfigure.CassandraAutoConfiguration")
@ConditionalOnClass(AsyncCluster.class)
@EnableConfigurationProperties(AsyncCassandraProperties.class)
public final class AsyncCassandraAutoConfiguration {

    @Bean
    static SpringCassandraPropertiesFallback asyncCassandraSpringPropertiesFallback(Environment environment) {
        return new SpringCassandraPropertiesFallback(environment);
    }

    @Bean
    @ConditionalOnMissingBean(AsyncCassandraConnectionDetails.class)
    AsyncCassandraConnectionDetails asyncCassandraConnectionDetails(AsyncCassandraProperties properties,
            ObjectProvider<SslBundles> sslBundles) {
        return new PropertiesAsyncCassandraConnectionDetails(properties, sslBundles.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "async-cassandra.metrics.enabled", matchIfMissing = true)
    @Conditional(OnMetricsToRecord.class)
    MetricsMiddleware asyncCassandraMetricsMiddleware(AsyncCassandraProperties properties,
            ObjectProvider<MetricsCollector> collectors) {
        MetricsMiddleware.Builder builder = MetricsMiddleware.builder();
        collectors.orderedStream().forEach(builder::collector);
        if (properties.getMetrics().getSlowQueryThreshold() != null) {
            InvalidProperty.set("metrics.slow-query-threshold", properties.getMetrics().getSlowQueryThreshold(),
                    () -> builder.slowQueryThreshold(properties.getMetrics().getSlowQueryThreshold()));
        }
        return builder.build();
    }

    // Closed by AsyncCassandraLifecycle, after in-flight requests, not by the bean factory.
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    AsyncCluster asyncCluster(AsyncCassandraProperties properties, AsyncCassandraConnectionDetails connection,
            ObjectProvider<MetricsMiddleware> metrics, ObjectProvider<AsyncClusterBuilderCustomizer> customizers) {
        AsyncClusterBuilderConfigurer configurer = new AsyncClusterBuilderConfigurer(properties, connection);
        AsyncCluster.Builder builder = configurer.configure(AsyncCluster.builder(), metrics.getIfUnique());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return configurer.build(builder);
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    AsyncCassandraSession asyncCassandraSession(AsyncCluster cluster, AsyncCassandraProperties properties,
            AsyncCassandraConnectionDetails connection) {
        if (properties.getStartup() == AsyncCassandraProperties.Startup.LAZY) {
            return cluster.connectLazily(properties.getKeyspace(), properties.getConnectTimeout());
        }
        try {
            return cluster.connect(properties.getKeyspace(), properties.getConnectTimeout()).join();
        } catch (CompletionException e) {
            // Nothing else holds the cluster yet: release its threads before failing start-up.
            cluster.shutdown();
            throw new AsyncCassandraConnectFailure(connection.getContactPoints().stream()
                    .map(AsyncCassandraConnectionDetails.Node::toString).toList(), e.getCause());
        }
    }

    /**
     * The driver session under the {@link AsyncCassandraSession}, for Spring Data and plain driver code:
     * its requests are measured and observed like this API's. Closed with the session, not on its own.
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(CqlSession.class)
    @ConditionalOnSingleCandidate(AsyncCassandraSession.class)
    CqlSession cassandraSession(AsyncCassandraSession session) {
        // A session that connects on first use hands out a driver session that does too.
        return session instanceof LazyAsyncCassandraSession lazy ? lazy.driverSessionOnFirstUse()
                : session.getDriverSession();
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(AsyncCassandraSession.class)
    ConnectionMonitor asyncCassandraConnectionMonitor(AsyncCassandraSession session,
            AsyncCassandraProperties properties) {
        AsyncCassandraProperties.Monitor monitor = properties.getMonitor();
        return new ConnectionMonitor(session, InvalidProperty.positive("monitor.interval", monitor.getInterval()),
                InvalidProperty.positive("monitor.probe-timeout", monitor.getProbeTimeout()));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(AsyncCassandraSession.class)
    AsyncCassandraLifecycle asyncCassandraLifecycle(ObjectProvider<AsyncCluster> cluster,
            AsyncCassandraSession session, ObjectProvider<ConnectionMonitor> monitor,
            AsyncCassandraProperties properties) {
        return new AsyncCassandraLifecycle(cluster.getIfUnique(), session, monitor.getIfUnique(),
                properties.getMonitor().isEnabled(), properties.getStartup() == AsyncCassandraProperties.Startup.EAGER);
    }

    /**
     * Boot's {@code CassandraConnectionDetails} when the application has one: from Testcontainers'
     * {@code @ServiceConnection}, Docker Compose, or its own bean. Boot's own, from
     * {@code spring.cassandra.*}, is defined after this configuration and never seen here; those
     * properties reach {@link AsyncCassandraProperties} through {@link SpringCassandraPropertiesFallback}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.cassandra.autoconfigure.CassandraConnectionDetails")
    static class ServiceConnectionConfiguration {

        @Bean
        @ConditionalOnMissingBean(AsyncCassandraConnectionDetails.class)
        @ConditionalOnSingleCandidate(CassandraConnectionDetails.class)
        AsyncCassandraConnectionDetails asyncCassandraServiceConnectionDetails(CassandraConnectionDetails details) {
            return new ServiceConnectionAsyncCassandraConnectionDetails(details);
        }
    }

    /** A collector to publish to (such as Micrometer's), or slow queries to log. */
    static final class OnMetricsToRecord extends AnyNestedCondition {

        OnMetricsToRecord() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(MetricsCollector.class)
        static final class CollectorPresent {
        }

        @ConditionalOnProperty("async-cassandra.metrics.slow-query-threshold")
        static final class SlowQueryThresholdSet {
        }
    }

    /** Keeps passwords out of the actuator's env and configprops endpoints, whatever show-values says. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class EndpointSanitizingConfiguration {

        @Bean
        SanitizingFunction asyncCassandraPasswordSanitizer() {
            return data -> {
                String key = data.getLowerCaseKey().replace('_', '-');
                return key.startsWith(AsyncCassandraProperties.PREFIX) && key.contains("password")
                        ? data.withSanitizedValue() : data;
            };
        }
    }
}
