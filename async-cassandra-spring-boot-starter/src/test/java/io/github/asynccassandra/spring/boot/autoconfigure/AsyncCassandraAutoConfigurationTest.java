package io.github.asynccassandra.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.metrics.MetricsCollector;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.monitoring.ConnectionMonitor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** Wiring and property binding, without a server (the session bean is supplied unconnected). */
class AsyncCassandraAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AsyncCassandraEmbeddedAutoConfiguration.class,
                    AsyncCassandraAutoConfiguration.class));

    private final ApplicationContextRunner withSession = runner
            .withBean(AsyncCassandraSession.class, TestSessions::unconnected)
            .withPropertyValues("async-cassandra.monitor.enabled=false");

    @Test
    void bindsEveryProperty() {
        runner.withPropertyValues("async-cassandra.contact-points=10.0.0.1,10.0.0.2", "async-cassandra.port=9142",
                "async-cassandra.local-datacenter=dc1", "async-cassandra.keyspace=shop",
                "async-cassandra.username=app", "async-cassandra.password=secret",
                "async-cassandra.protocol-version=5", "async-cassandra.executor-threads=4",
                "async-cassandra.complete-on-caller-event-loop=true",
                "async-cassandra.max-schema-agreement-wait=20s", "async-cassandra.control-connection-timeout=3s",
                "async-cassandra.idle-heartbeat-interval=40s", "async-cassandra.schema-event-refresh-window=1s",
                "async-cassandra.topology-event-refresh-window=5s", "async-cassandra.status-event-refresh-window=3s",
                "async-cassandra.connect-timeout=45s", "async-cassandra.ddl-timeout=1m",
                "async-cassandra.request.timeout=7s", "async-cassandra.request.consistency=local-quorum",
                "async-cassandra.request.serial-consistency=LOCAL_SERIAL", "async-cassandra.request.page-size=100",
                "async-cassandra.request.max-concurrent-requests=256",
                "async-cassandra.request.max-queued-requests=1000", "async-cassandra.retry.max-retries=5",
                "async-cassandra.ssl.enabled=true", "async-cassandra.ssl.bundle=cassandra",
                "async-cassandra.ssl.hostname-validation=false", "async-cassandra.metrics.enabled=false",
                "async-cassandra.metrics.slow-query-threshold=500ms", "async-cassandra.metrics.driver.enabled=false",
                "async-cassandra.metrics.driver.session=cql-requests",
                "async-cassandra.metrics.driver.node=pool.in-flight,retries.total",
                "async-cassandra.monitor.enabled=false", "async-cassandra.monitor.interval=1m",
                "async-cassandra.monitor.probe-timeout=2s", "async-cassandra.health.enabled=false",
                "async-cassandra.health.status-when-node-down=DEGRADED", "async-cassandra.embedded.version=5.0.8",
                "async-cassandra.embedded.nodes=3", "async-cassandra.embedded.native-port=19042",
                "async-cassandra.embedded.storage-port=17000", "async-cassandra.embedded.heap=768m",
                "async-cassandra.embedded.working-directory=target/cassandra",
                "async-cassandra.embedded.authentication=true", "async-cassandra.embedded.client-tls=true",
                "async-cassandra.embedded.startup-timeout=2m",
                "async-cassandra.driver.advanced.connection.pool.local.size=2",
                "async-cassandra.driver.basic.request.default-idempotence=true")
                .withAllowBeanDefinitionOverriding(true)
                .withBean(AsyncCassandraSession.class, TestSessions::unconnected)
                .withBean(AsyncCluster.class, () -> AsyncCluster.builder().build())
                .run(context -> {
                    AsyncCassandraProperties p = context.getBean(AsyncCassandraProperties.class);
                    assertThat(p.getContactPoints()).containsExactly("10.0.0.1", "10.0.0.2");
                    assertThat(p.getPort()).isEqualTo(9142);
                    assertThat(p.getLocalDatacenter()).isEqualTo("dc1");
                    assertThat(p.getKeyspace()).isEqualTo("shop");
                    assertThat(p.getUsername()).isEqualTo("app");
                    assertThat(p.getPassword()).isEqualTo("secret");
                    assertThat(p.getProtocolVersion()).isEqualTo(5);
                    assertThat(p.getExecutorThreads()).isEqualTo(4);
                    assertThat(p.isCompleteOnCallerEventLoop()).isTrue();
                    assertThat(p.getMaxSchemaAgreementWait()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(p.getControlConnectionTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(p.getIdleHeartbeatInterval()).isEqualTo(Duration.ofSeconds(40));
                    assertThat(p.getSchemaEventRefreshWindow()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(p.getTopologyEventRefreshWindow()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(p.getStatusEventRefreshWindow()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(p.getConnectTimeout()).isEqualTo(Duration.ofSeconds(45));
                    assertThat(p.getDdlTimeout()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(p.getRequest().getTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(p.getRequest().getConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
                    assertThat(p.getRequest().getSerialConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_SERIAL);
                    assertThat(p.getRequest().getPageSize()).isEqualTo(100);
                    assertThat(p.getRequest().getMaxConcurrentRequests()).isEqualTo(256);
                    assertThat(p.getRequest().getMaxQueuedRequests()).isEqualTo(1000);
                    assertThat(p.getRetry().getMaxRetries()).isEqualTo(5);
                    assertThat(p.getSsl().isEnabled()).isTrue();
                    assertThat(p.getSsl().getBundle()).isEqualTo("cassandra");
                    assertThat(p.getSsl().isHostnameValidation()).isFalse();
                    assertThat(p.getMetrics().isEnabled()).isFalse();
                    assertThat(p.getMetrics().getSlowQueryThreshold()).isEqualTo(Duration.ofMillis(500));
                    assertThat(p.getMetrics().getDriver().isEnabled()).isFalse();
                    assertThat(p.getMetrics().getDriver().getSession()).containsExactly("cql-requests");
                    assertThat(p.getMetrics().getDriver().getNode()).containsExactly("pool.in-flight", "retries.total");
                    assertThat(p.getMonitor().isEnabled()).isFalse();
                    assertThat(p.getMonitor().getInterval()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(p.getMonitor().getProbeTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(p.getHealth().isEnabled()).isFalse();
                    assertThat(p.getHealth().getStatusWhenNodeDown()).isEqualTo("DEGRADED");
                    AsyncCassandraProperties.Embedded embedded = p.getEmbedded();
                    assertThat(embedded.isEnabled()).isFalse();
                    assertThat(embedded.getVersion()).isEqualTo("5.0.8");
                    assertThat(embedded.getNodes()).isEqualTo(3);
                    assertThat(embedded.getNativePort()).isEqualTo(19042);
                    assertThat(embedded.getStoragePort()).isEqualTo(17000);
                    assertThat(embedded.getHeap()).isEqualTo("768m");
                    assertThat(embedded.getWorkingDirectory()).isEqualTo(Path.of("target/cassandra"));
                    assertThat(embedded.isAuthentication()).isTrue();
                    assertThat(embedded.isClientTls()).isTrue();
                    assertThat(embedded.getStartupTimeout()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(p.getDriver()).containsEntry("advanced.connection.pool.local.size", "2")
                            .containsEntry("basic.request.default-idempotence", "true");
                });
    }

    @Test
    void defaultsMatchTheCoreBuilder() {
        withSession.run(context -> {
            AsyncCassandraProperties p = context.getBean(AsyncCassandraProperties.class);
            assertThat(p.getContactPoints()).containsExactly("127.0.0.1");
            assertThat(p.getPort()).isEqualTo(9042);
            assertThat(p.getConnectTimeout()).isEqualTo(AsyncCluster.DEFAULT_CONNECT_TIMEOUT);
            assertThat(p.getDdlTimeout()).isEqualTo(AsyncCassandraSession.DEFAULT_DDL_TIMEOUT);
            assertThat(p.getMonitor().getProbeTimeout()).isEqualTo(ConnectionMonitor.DEFAULT_PROBE_TIMEOUT);
            assertThat(p.getEmbedded().getVersion()).isEqualTo(EmbeddedCassandra.DEFAULT_VERSION);
        });
    }

    @Test
    void createsEveryBeanAroundTheSession() {
        withSession.run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(AsyncCluster.class).hasSingleBean(ConnectionMonitor.class).hasSingleBean(AsyncCassandraLifecycle.class)
                .hasSingleBean(PropertiesAsyncCassandraConnectionDetails.class)
                .doesNotHaveBean(EmbeddedCassandra.class));
    }

    @Test
    void backsOffFromBeansTheApplicationDefines() {
        AsyncCluster cluster = AsyncCluster.builder().build();
        MetricsMiddleware metrics = MetricsMiddleware.builder().collector(event -> { }).build();
        withSession.withBean("myCluster", AsyncCluster.class, () -> cluster)
                .withBean("myMetrics", MetricsMiddleware.class, () -> metrics)
                .withBean("myDetails", AsyncCassandraConnectionDetails.class, StaticConnectionDetails::new)
                .run(context -> {
                    assertThat(context).getBean(AsyncCluster.class).isSameAs(cluster);
                    assertThat(context).getBean(MetricsMiddleware.class).isSameAs(metrics);
                    assertThat(context).hasSingleBean(AsyncCassandraConnectionDetails.class)
                            .doesNotHaveBean(PropertiesAsyncCassandraConnectionDetails.class);
                });
    }

    @Test
    void metricsMiddlewareNeedsACollectorOrASlowQueryThreshold() {
        withSession.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MetricsMiddleware.class));
        withSession.withBean(MetricsCollector.class, () -> event -> { })
                .run(context -> assertThat(context).hasSingleBean(MetricsMiddleware.class));
        withSession.withPropertyValues("async-cassandra.metrics.slow-query-threshold=1s")
                .run(context -> assertThat(context).hasSingleBean(MetricsMiddleware.class));
    }

    @Test
    void metricsCanBeTurnedOff() {
        withSession.withBean(MetricsCollector.class, () -> event -> { })
                .withPropertyValues("async-cassandra.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MetricsMiddleware.class));
    }

    @Test
    void appliesCustomizersInOrder() {
        withSession.withUserConfiguration(OrderedCustomizers.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean("calls", List.class)).containsExactly("first", "second");
        });
    }

    @Test
    void embeddedNodeNeedsTheSwitchAndTheModule() {
        withSession.run(context -> assertThat(context).doesNotHaveBean(EmbeddedCassandra.class));
        withSession.withPropertyValues("async-cassandra.embedded.enabled=true")
                .withClassLoader(new FilteredClassLoader(EmbeddedCassandra.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("asyncCassandraEmbeddedCassandra")
                        .hasSingleBean(PropertiesAsyncCassandraConnectionDetails.class));
    }

    @Test
    void invalidEmbeddedSettingsNameTheProperty() {
        runner.withPropertyValues("async-cassandra.embedded.enabled=true", "async-cassandra.embedded.heap=lots")
                .run(context -> assertThat(causeOf(context.getStartupFailure(),
                        InvalidConfigurationPropertyValueException.class))
                        .hasMessageContaining("async-cassandra.embedded.heap"));
    }

    @Test
    void valuesTheBuilderRejectsFailStartUpNamingTheProperty() {
        assertInvalid("async-cassandra.protocol-version", "4", "v5+ is required");
        assertInvalid("async-cassandra.port", "0", "between 1 and 65535");
        assertInvalid("async-cassandra.contact-points", " ", "non-empty list");
        assertInvalid("async-cassandra.executor-threads", "0", "at least 1");
        assertInvalid("async-cassandra.max-schema-agreement-wait", "0s", "positive");
        assertInvalid("async-cassandra.local-datacenter", " ", "must not be blank");
        assertInvalid("async-cassandra.request.timeout", "-1s", "positive");
        assertInvalid("async-cassandra.request.serial-consistency", "QUORUM", "SERIAL or LOCAL_SERIAL");
        assertInvalid("async-cassandra.request.page-size", "0", "at least 1");
        assertInvalid("async-cassandra.request.max-concurrent-requests", "-1", "0 (no limit) or more");
        assertInvalid("async-cassandra.retry.max-retries", "-1", "must not be negative");
        assertInvalid("async-cassandra.metrics.slow-query-threshold", "-1s", "must not be negative");
        assertInvalid("async-cassandra.driver.advanced.no-such-option", "1", "Unknown driver option");
        assertInvalid("async-cassandra.monitor.interval", "0s", "positive");
        assertInvalid("async-cassandra.monitor.probe-timeout", "0s", "positive");
    }

    @Test
    void aPasswordWithoutUserNameNamesTheUserNameAndNeverShowsThePassword() {
        withSession.withPropertyValues("async-cassandra.password=hunter2").run(context -> {
            Throwable failure = context.getStartupFailure();
            assertThat(causeOf(failure, InvalidConfigurationPropertyValueException.class))
                    .hasMessageContaining("async-cassandra.username");
            assertThat(stackTraceOf(failure)).doesNotContain("hunter2");
        });
    }

    @Test
    void valuesOfTheWrongTypeFailBinding() {
        withSession.withPropertyValues("async-cassandra.port=ninety").run(context -> assertThat(
                causeOf(context.getStartupFailure(), BindException.class)).hasMessageContaining("async-cassandra.port"));
        withSession.withPropertyValues("async-cassandra.request.consistency=MOSTLY").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining("async-cassandra.request.consistency"));
        withSession.withPropertyValues("async-cassandra.connect-timeout=soon").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining("async-cassandra.connect-timeout"));
    }

    private void assertInvalid(String property, String value, String reason) {
        withSession.withPropertyValues(property + "=" + value).run(context -> assertThat(
                causeOf(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class)).as(property)
                .hasMessageContaining(property).hasMessageContaining(reason));
    }

    /** The first {@code type} in the cause chain of {@code failure}, or an assertion failure. */
    static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("No " + type.getSimpleName() + " in the cause chain of " + failure, failure);
    }

    private static String stackTraceOf(Throwable failure) {
        java.io.StringWriter out = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    static class StaticConnectionDetails implements AsyncCassandraConnectionDetails {

        @Override
        public List<Node> getContactPoints() {
            return List.of(new Node("10.1.1.1", 9042));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedCustomizers {

        @Bean
        List<String> calls() {
            return new ArrayList<>();
        }

        @Bean
        @Order(2)
        AsyncClusterBuilderCustomizer second(List<String> calls) {
            return builder -> calls.add("second");
        }

        @Bean
        @Order(1)
        AsyncClusterBuilderCustomizer first(List<String> calls) {
            return builder -> calls.add("first");
        }
    }
}
