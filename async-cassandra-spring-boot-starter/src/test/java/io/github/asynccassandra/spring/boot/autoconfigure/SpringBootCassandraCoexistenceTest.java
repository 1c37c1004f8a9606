package io.github.asynccassandra.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.spring.boot.autoconfigure.health.AsyncCassandraHealthContributorAutoConfiguration;
import io.github.asynccassandra.spring.boot.autoconfigure.health.AsyncCassandraHealthIndicator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.cassandra.autoconfigure.CassandraAutoConfiguration;
import org.springframework.boot.cassandra.autoconfigure.CassandraConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Spring Boot's own Cassandra auto-configuration with this starter: Boot's {@code CqlSession} backs off
 * for the starter's, and what Boot reads (its connection details, {@code spring.cassandra.*}) reaches
 * the starter. Wiring only; the same against a real node is in {@code SpringEcosystemStarterIT}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringBootCassandraCoexistenceTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class,
                    CassandraAutoConfiguration.class, AsyncCassandraAutoConfiguration.class,
                    AsyncCassandraHealthContributorAutoConfiguration.class))
            .withPropertyValues("async-cassandra.monitor.enabled=false");

    @Test
    void bootsSessionBacksOffForTheStartersDriverSession() {
        runner.withBean(AsyncCassandraSession.class, TestSessions::unconnected)
                .withPropertyValues("spring.cassandra.contact-points=10.0.0.9")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(AsyncCluster.class)
                            .hasSingleBean(AsyncCassandraHealthIndicator.class).hasSingleBean(CqlSession.class);
                    assertThat(context.getBean(CqlSession.class))
                            .isSameAs(context.getBean(AsyncCassandraSession.class).getDriverSession());
                    assertThat(context.getBeanFactory().getBeanDefinition("cassandraSession").getFactoryMethodName())
                            .isEqualTo("cassandraSession");
                    assertThat(context.getBeanFactory().getBeanDefinition("cassandraSession").getFactoryBeanName())
                            .contains("AsyncCassandraAutoConfiguration");
                });
    }

    @Test
    void springCassandraPropertiesFillWhatAsyncCassandraLeavesUnset(CapturedOutput output) {
        runner.withBean(AsyncCassandraSession.class, TestSessions::unconnected)
                .withPropertyValues("spring.cassandra.contact-points=10.0.0.9:9142,10.0.0.10",
                        "spring.cassandra.port=9043", "spring.cassandra.local-datacenter=dc-spring",
                        "spring.cassandra.keyspace-name=shop", "spring.cassandra.request.page-size=123",
                        "spring.cassandra.request.consistency=QUORUM", "async-cassandra.request.consistency=ONE")
                .run(context -> {
                    AsyncCassandraProperties properties = context.getBean(AsyncCassandraProperties.class);
                    assertThat(properties.getContactPoints()).containsExactly("10.0.0.9:9142", "10.0.0.10");
                    assertThat(properties.getLocalDatacenter()).isEqualTo("dc-spring");
                    assertThat(properties.getKeyspace()).isEqualTo("shop");
                    assertThat(properties.getRequest().getPageSize()).isEqualTo(123);
                    assertThat(properties.getRequest().getConsistency()).as("async-cassandra.* wins")
                            .isEqualTo(DefaultConsistencyLevel.ONE);
                    assertThat(output).containsOnlyOnce("async-cassandra.request.consistency / "
                            + "spring.cassandra.request.consistency").doesNotContain("async-cassandra.keyspace /");
                    assertThat(context.getBean(AsyncCassandraConnectionDetails.class).getContactPoints())
                            .containsExactly(new AsyncCassandraConnectionDetails.Node("10.0.0.9", 9142),
                                    new AsyncCassandraConnectionDetails.Node("10.0.0.10", 9043));
                });
    }

    @Test
    void bootsConnectionDetailsFromAServiceConnectionAreUsed() {
        runner.withBean(AsyncCassandraSession.class, TestSessions::unconnected)
                .withBean(CassandraConnectionDetails.class, () -> new CassandraConnectionDetails() {
                    @Override
                    public List<Node> getContactPoints() {
                        return List.of(new Node("container-host", 32768));
                    }

                    @Override
                    public String getLocalDatacenter() {
                        return "dc-container";
                    }
                })
                .withPropertyValues("async-cassandra.contact-points=10.0.0.9")
                .run(context -> {
                    AsyncCassandraConnectionDetails details = context.getBean(AsyncCassandraConnectionDetails.class);
                    assertThat(details.getContactPoints())
                            .containsExactly(new AsyncCassandraConnectionDetails.Node("container-host", 32768));
                    assertThat(details.getLocalDatacenter()).isEqualTo("dc-container");
                });
    }
}
