package io.github.asynccassandra.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The password stays hidden in /actuator/env and /actuator/configprops even when values are shown. */
class EndpointSanitizingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AsyncCassandraAutoConfiguration.class,
                    EndpointAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class,
                    ConfigurationPropertiesReportEndpointAutoConfiguration.class))
            .withBean(AsyncCassandraSession.class, TestSessions::unconnected)
            .withPropertyValues("async-cassandra.monitor.enabled=false", "async-cassandra.username=app",
                    "async-cassandra.password=hunter2",
                    "async-cassandra.driver.advanced.ssl-engine-factory.truststore-password=changeit",
                    "management.endpoints.web.exposure.include=env,configprops",
                    "management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always");

    @Test
    void environmentEndpointHidesThePasswords() {
        runner.run(context -> {
            EnvironmentEndpoint endpoint = context.getBean(EnvironmentEndpoint.class);
            assertThat(endpoint.environmentEntry("async-cassandra.password").getProperty().getValue())
                    .isEqualTo("******");
            assertThat(endpoint.environmentEntry("async-cassandra.driver.advanced.ssl-engine-factory.truststore-password")
                    .getProperty().getValue()).isEqualTo("******");
            assertThat(endpoint.environmentEntry("async-cassandra.username").getProperty().getValue())
                    .isEqualTo("app");
        });
    }

    @Test
    void configurationPropertiesEndpointHidesThePasswords() {
        runner.run(context -> {
            ConfigurationPropertiesReportEndpoint endpoint = context.getBean(ConfigurationPropertiesReportEndpoint.class);
            Map<String, Object> properties = endpoint.configurationPropertiesWithPrefix("async-cassandra").getContexts()
                    .values().iterator().next().getBeans().values().iterator().next().getProperties();
            assertThat(properties).containsEntry("password", "******").containsEntry("username", "app");
            assertThat(properties.toString()).doesNotContain("hunter2").doesNotContain("changeit");
        });
    }
}
