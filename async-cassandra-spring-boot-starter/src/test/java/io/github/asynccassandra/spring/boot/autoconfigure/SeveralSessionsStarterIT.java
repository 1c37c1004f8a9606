package io.github.asynccassandra.spring.boot.autoconfigure;

import static io.github.asynccassandra.spring.boot.autoconfigure.StarterTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * An application with two clusters of its own: each session is health-checked (a composite, one entry
 * per session bean), metered through the starter's middleware, and closed with the context.
 */
@EmbeddedCassandraTest
class SeveralSessionsStarterIT {

    @Test
    void everySessionIsCheckedMeteredAndClosed(EmbeddedCassandra cassandra) {
        AsyncCassandraSession[] sessions = new AsyncCassandraSession[2];
        runner().withUserConfiguration(TwoClusters.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                // Where the shared node is; never the node itself as a bean: closing the context would stop it.
                .withPropertyValues("test.cassandra.contact-point=127.0.0.1:" + cassandra.nativePort(),
                        "test.cassandra.datacenter=" + cassandra.localDatacenter())
                .withPropertyValues("async-cassandra.monitor.interval=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    sessions[0] = context.getBean("orders", AsyncCassandraSession.class);
                    sessions[1] = context.getBean("audit", AsyncCassandraSession.class);
                    sessions[0].execute("SELECT release_version FROM system.local").join();
                    sessions[1].execute("SELECT release_version FROM system.local").join();

                    HealthContributor contributor = context.getBean("asyncCassandraHealthIndicator",
                            HealthContributor.class);
                    assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
                    CompositeHealthContributor composite = (CompositeHealthContributor) contributor;
                    for (String name : new String[] {"orders", "audit"}) {
                        assertThat(((HealthIndicator) composite.getContributor(name)).health().getStatus())
                                .as(name).isEqualTo(Status.UP);
                    }

                    MetricsMiddleware metrics = context.getBean(MetricsMiddleware.class);
                    metrics.flush(Duration.ofSeconds(10));
                    assertThat(context.getBean(MeterRegistry.class).get("cassandra.queries")
                            .tag("query_type", "select").counter().count()).isGreaterThanOrEqualTo(2);
                });
        assertThat(sessions[0].isClosed()).isTrue();
        assertThat(sessions[1].isClosed()).isTrue();
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoClusters {

        private static AsyncCluster cluster(Environment environment, MetricsMiddleware metrics) {
            return AsyncCluster.builder().contactPoints(environment.getRequiredProperty("test.cassandra.contact-point"))
                    .localDatacenter(environment.getRequiredProperty("test.cassandra.datacenter")).metrics(metrics)
                    .build();
        }

        @Bean
        @Primary
        AsyncCluster ordersCluster(Environment environment, MetricsMiddleware metrics) {
            return cluster(environment, metrics);
        }

        @Bean
        AsyncCluster auditCluster(Environment environment, MetricsMiddleware metrics) {
            return cluster(environment, metrics);
        }

        @Bean
        @Primary
        AsyncCassandraSession orders(@Qualifier("ordersCluster") AsyncCluster ordersCluster) {
            return ordersCluster.connect().join();
        }

        @Bean
        AsyncCassandraSession audit(@Qualifier("auditCluster") AsyncCluster auditCluster) {
            return auditCluster.connect("system").join();
        }
    }
}
