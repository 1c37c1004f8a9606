package io.github.asynccassandra.spring.boot.autoconfigure;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import static io.github.asynccassandra.spring.boot.autoconfigure.InvalidProperty.set;

import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.exceptions.ConfigurationException;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * Applies {@link AsyncCassandraProperties} and {@link AsyncCassandraConnectionDetails} to an
 * {@link AsyncCluster.Builder}. The builder checks each value as it is set; a rejected value fails
 * start-up with a failure that names the property.
 */
final class AsyncClusterBuilderConfigurer {

    private final AsyncCassandraProperties properties;
    private final AsyncCassandraConnectionDetails connection;

    AsyncClusterBuilderConfigurer(AsyncCassandraProperties properties, AsyncCassandraConnectionDetails connection) {
        this.properties = properties;
        this.connection = connection;
    }

    AsyncCluster.Builder configure(AsyncCluster.Builder builder, MetricsMiddleware metrics) {
        List<String> contactPoints = connection.getContactPoints().stream()
                .map(AsyncCassandraConnectionDetails.Node::toString).toList();
        set("contact-points", contactPoints, () -> builder.contactPoints(contactPoints));
        if (connection.getLocalDatacenter() != null) {
            set("local-datacenter", connection.getLocalDatacenter(),
                    () -> builder.localDatacenter(connection.getLocalDatacenter()));
        }
        if (connection.getUsername() != null || connection.getPassword() != null) {
            String property = connection.getUsername() == null || connection.getUsername().isBlank()
                    ? "username" : "password";
            // Never the password itself as the rejected value: it would be printed.
            set(property, property.equals("username") ? connection.getUsername() : null,
                    () -> builder.credentials(connection.getUsername(), connection.getPassword()));
        }
        if (properties.getProtocolVersion() != null) {
            set("protocol-version", properties.getProtocolVersion(),
                    () -> builder.protocolVersion(properties.getProtocolVersion()));
        }
        set("executor-threads", properties.getExecutorThreads(),
                () -> builder.executorThreads(properties.getExecutorThreads()));
        builder.completeOnCallerEventLoop(properties.isCompleteOnCallerEventLoop());
        // Only what the application set: the driver keeps its defaults (and application.conf) otherwise.
        setIfPresent("max-schema-agreement-wait", properties.getMaxSchemaAgreementWait(),
                builder::maxSchemaAgreementWait);
        setIfPresent("control-connection-timeout", properties.getControlConnectionTimeout(),
                builder::controlConnectionTimeout);
        setIfPresent("idle-heartbeat-interval", properties.getIdleHeartbeatInterval(), builder::idleHeartbeatInterval);
        setIfPresent("schema-event-refresh-window", properties.getSchemaEventRefreshWindow(),
                builder::schemaEventRefreshWindow);
        setIfPresent("topology-event-refresh-window", properties.getTopologyEventRefreshWindow(),
                builder::topologyEventRefreshWindow);
        setIfPresent("status-event-refresh-window", properties.getStatusEventRefreshWindow(),
                builder::statusEventRefreshWindow);
        set("ddl-timeout", properties.getDdlTimeout(), () -> builder.ddlTimeout(properties.getDdlTimeout()));
        setIfPresent("retry.max-retries", properties.getRetry().getMaxRetries(), builder::maxRetries);
        configureRequests(builder, properties.getRequest());
        configureSsl(builder);
        if (metrics != null) {
            builder.metrics(metrics);
        }
        for (Map.Entry<String, String> option : properties.getDriver().entrySet()) {
            set("driver." + option.getKey(), option.getValue(),
                    () -> builder.option(option.getKey(), option.getValue()));
        }
        return builder;
    }

    private void configureRequests(AsyncCluster.Builder builder, AsyncCassandraProperties.Request request) {
        if (request.getTimeout() != null) {
            builder.option(DefaultDriverOption.REQUEST_TIMEOUT.getPath(),
                    InvalidProperty.positive("request.timeout", request.getTimeout()));
        }
        if (request.getConsistency() != null) {
            builder.option(DefaultDriverOption.REQUEST_CONSISTENCY.getPath(), request.getConsistency());
        }
        if (request.getSerialConsistency() != null) {
            if (!request.getSerialConsistency().isSerial()) {
                throw InvalidProperty.of("request.serial-consistency", request.getSerialConsistency(),
                        "must be SERIAL or LOCAL_SERIAL");
            }
            builder.option(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY.getPath(), request.getSerialConsistency());
        }
        if (request.getPageSize() != null) {
            if (request.getPageSize() < 1) {
                throw InvalidProperty.of("request.page-size", request.getPageSize(), "must be at least 1");
            }
            builder.option(DefaultDriverOption.REQUEST_PAGE_SIZE.getPath(), request.getPageSize());
        }
        set("request.max-concurrent-requests", request.getMaxConcurrentRequests(),
                () -> builder.maxConcurrentRequests(request.getMaxConcurrentRequests()));
        set("request.max-queued-requests", request.getMaxQueuedRequests(),
                () -> builder.maxQueuedRequests(request.getMaxQueuedRequests()));
    }

    /**
     * The cluster; TLS options the JDK cannot enable fail with the SSL bundle named, as they come from
     * its {@code options}.
     */
    AsyncCluster build(AsyncCluster.Builder builder) {
        try {
            return builder.build();
        } catch (ConfigurationException e) {
            if ("sslProtocols".equals(e.getSetting()) || "sslCipherSuites".equals(e.getSetting())) {
                String setting = e.getSetting().equals("sslProtocols") ? "options.enabled-protocols" : "options.ciphers";
                throw new InvalidConfigurationPropertyValueException(AsyncCassandraProperties.PREFIX + ".ssl.bundle",
                        properties.getSsl().getBundle(), "the SSL bundle's " + setting + " cannot be used: "
                                + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Sets a value the application configured, naming the property if the builder rejects it. */
    private static <T> void setIfPresent(String property, T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            set(property, value, () -> setter.accept(value));
        }
    }

    private void configureSsl(AsyncCluster.Builder builder) {
        SslBundle bundle = connection.getSslBundle();
        if (bundle != null) {
            builder.sslContext(bundle.createSslContext());
            // The bundle's options are applied, never ignored: a name the JDK cannot enable fails build().
            SslOptions options = bundle.getOptions();
            if (options.getEnabledProtocols() != null) {
                builder.sslProtocols(List.of(options.getEnabledProtocols()));
            }
            if (options.getCiphers() != null) {
                builder.sslCipherSuites(List.of(options.getCiphers()));
            }
        } else if (properties.getSsl().isEnabled()) {
            try {
                builder.sslContext(SSLContext.getDefault());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("async-cassandra.ssl.enabled is true but the JVM has no default "
                        + "SSLContext: name a bundle in async-cassandra.ssl.bundle", e);
            }
        }
        builder.sslHostnameValidation(properties.getSsl().isHostnameValidation());
    }
}
