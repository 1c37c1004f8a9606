package io.github.asynccassandra.spring.boot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.internal.metrics.micrometer.MicrometerMetricsFactory;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraAutoConfiguration;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncClusterBuilderCustomizer;
import io.github.asynccassandra.spring.boot.autoconfigure.TestSessions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class AsyncCassandraMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AsyncCassandraAutoConfiguration.class,
                    AsyncCassandraMetricsAutoConfiguration.class))
            .withBean(AsyncCassandraSession.class, TestSessions::unconnected)
            .withPropertyValues("async-cassandra.monitor.enabled=false");

    private final ApplicationContextRunner withRegistry = runner.withBean(MeterRegistry.class,
            SimpleMeterRegistry::new);

    @Test
    void publishesToTheMeterRegistryThroughTheMiddleware() {
        withRegistry.run(context -> {
            assertThat(context).hasSingleBean(MicrometerMetricsCollector.class).hasSingleBean(MetricsMiddleware.class)
                    .hasBean("asyncCassandraDriverMetricsCustomizer");
            assertThat(context.getBean(MeterRegistry.class).find("cassandra.queries").counters()).isNotEmpty();
        });
    }

    @Test
    void needsAMeterRegistry() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerMetricsCollector.class)
                .doesNotHaveBean(AsyncClusterBuilderCustomizer.class));
    }

    @Test
    void needsMicrometerOnTheClasspath() {
        withRegistry.withClassLoader(new FilteredClassLoader(MeterRegistry.class.getPackageName()))
                .run(context -> assertThat(context).doesNotHaveBean(MicrometerMetricsCollector.class));
    }

    @Test
    void turnsOffWithMetrics() {
        withRegistry.withPropertyValues("async-cassandra.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MicrometerMetricsCollector.class)
                        .doesNotHaveBean(MetricsMiddleware.class).doesNotHaveBean(AsyncClusterBuilderCustomizer.class));
    }

    @Test
    void driverMetricsNeedTheirModuleAndCanBeTurnedOff() {
        withRegistry.withClassLoader(new FilteredClassLoader(MicrometerMetricsFactory.class))
                .run(context -> assertThat(context).hasSingleBean(MicrometerMetricsCollector.class)
                        .doesNotHaveBean("asyncCassandraDriverMetricsCustomizer"));
        withRegistry.withPropertyValues("async-cassandra.metrics.driver.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(MicrometerMetricsCollector.class)
                        .doesNotHaveBean("asyncCassandraDriverMetricsCustomizer"));
    }

    @Test
    void backsOffFromTheApplicationsCollector() {
        MicrometerMetricsCollector own = new MicrometerMetricsCollector(new SimpleMeterRegistry());
        withRegistry.withBean("myCollector", MicrometerMetricsCollector.class, () -> own)
                .run(context -> assertThat(context).getBean(MicrometerMetricsCollector.class).isSameAs(own));
    }
}
