package io.github.asynccassandra.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.spring.boot.autoconfigure.health.AsyncCassandraHealthContributorAutoConfiguration;
import io.github.asynccassandra.spring.boot.autoconfigure.health.AsyncCassandraHealthIndicator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cassandra.autoconfigure.CassandraAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Spring Boot's own Cassandra auto-configuration and this starter side by side. */
class SpringBootCassandraCoexistenceTest {

    @Test
    void bothSetsOfBeansExistSideBySide() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CassandraAutoConfiguration.class,
                        AsyncCassandraAutoConfiguration.class,
                        AsyncCassandraHealthContributorAutoConfiguration.class))
                .withBean(AsyncCassandraSession.class, TestSessions::unconnected)
                .withPropertyValues("async-cassandra.monitor.enabled=false", "spring.cassandra.contact-points=10.0.0.9")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(AsyncCluster.class)
                            .hasSingleBean(AsyncCassandraHealthIndicator.class)
                            .hasBean("asyncCassandraHealthIndicator");
                    // Boot's session connects lazily, on first use, so it does not need a server here.
                    assertThat(context.getBeanNamesForType(CqlSession.class)).containsExactly("cassandraSession");
                    assertThat(context.getBeanFactory().getBeanDefinition("cassandraSession").isLazyInit()).isTrue();
                });
    }
}
