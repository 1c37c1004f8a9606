package io.github.asynccassandra.spring.boot.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraAutoConfiguration;
import io.github.asynccassandra.spring.boot.autoconfigure.TestSessions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class AsyncCassandraHealthContributorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AsyncCassandraAutoConfiguration.class,
                    AsyncCassandraHealthContributorAutoConfiguration.class))
            .withBean(AsyncCassandraSession.class, TestSessions::unconnected)
            .withPropertyValues("async-cassandra.monitor.enabled=false");

    @Test
    void contributesTheAsyncCassandraIndicator() {
        runner.run(context -> assertThat(context).hasSingleBean(AsyncCassandraHealthIndicator.class)
                .hasBean("asyncCassandraHealthIndicator"));
    }

    @Test
    void isSwitchedOffLikeBootsOwnIndicators() {
        runner.withPropertyValues("management.health.async-cassandra.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AsyncCassandraHealthIndicator.class));
        runner.withPropertyValues("management.health.defaults.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AsyncCassandraHealthIndicator.class));
        runner.withPropertyValues("management.health.defaults.enabled=false",
                        "management.health.async-cassandra.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(AsyncCassandraHealthIndicator.class));
    }

    @Test
    void theDeprecatedSwitchStillWorks() {
        runner.withPropertyValues("async-cassandra.health.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AsyncCassandraHealthIndicator.class));
    }

    @Test
    void needsSpringBootHealthOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(AsyncCassandraHealthIndicator.class));
    }

    @Test
    void backsOffFromTheApplicationsIndicator() {
        runner.withBean("asyncCassandraHealthIndicator", HealthIndicator.class, () -> () -> null)
                .run(context -> assertThat(context).doesNotHaveBean(AsyncCassandraHealthIndicator.class));
    }

    @Test
    void aBlankNodeDownStatusNamesTheProperty() {
        runner.withPropertyValues("async-cassandra.health.status-when-node-down= ")
                .run(context -> assertThat(context).getFailure().hasRootCauseInstanceOf(
                        InvalidConfigurationPropertyValueException.class)
                        .hasStackTraceContaining("async-cassandra.health.status-when-node-down"));
    }
}
