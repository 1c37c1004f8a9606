package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.auth.AuthProvider;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import com.datastax.oss.driver.api.core.connection.ReconnectionPolicy;
import com.datastax.oss.driver.api.core.loadbalancing.LoadBalancingPolicy;
import com.datastax.oss.driver.api.core.retry.RetryPolicy;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.retry.AsyncRetryPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The settings of one {@code AsyncCluster}, fixed when it is built: a copy of the builder, so that a
 * builder changed or built again afterwards never changes a live cluster. Turns itself into the
 * driver's configuration and session builder. The observation registry and convention are typed
 * {@code Object} so that this class loads without Micrometer.
 */
public record ClusterSettings(List<String> contactPoints, int port, String localDatacenter,
        AuthProvider authProvider, String username, String password,
        Class<? extends LoadBalancingPolicy> loadBalancingPolicy,
        Class<? extends ReconnectionPolicy> reconnectionPolicy, Class<? extends RetryPolicy> retryPolicy,
        Integer maxRetries, Tls tls, Integer protocolVersion,
        int executorThreads, Executor callbackExecutor, boolean completeOnCallerEventLoop,
        Duration maxSchemaAgreementWait,
        Duration controlConnectionTimeout, Duration idleHeartbeatInterval, Duration schemaEventRefreshWindow,
        Duration topologyEventRefreshWindow, Duration statusEventRefreshWindow, Duration ddlTimeout,
        int maxConcurrentRequests, int maxQueuedRequests, MetricsMiddleware metrics, Object observationRegistry,
        Object observationConvention, boolean propagateContext, Map<String, Object> options,
        List<Consumer<CqlSessionBuilder>> driverSessionCustomizers) {

    /** Copies the collections, so that nothing the caller still holds can change these settings. */
    public ClusterSettings {
        contactPoints = List.copyOf(contactPoints);
        Map<String, Object> copied = new LinkedHashMap<>();
        options.forEach((path, value) -> copied.put(path, value instanceof List<?> list ? List.copyOf(list)
                : value instanceof Map<?, ?> map ? Collections.unmodifiableMap(new LinkedHashMap<>(map)) : value));
        options = Collections.unmodifiableMap(copied);
        driverSessionCustomizers = List.copyOf(driverSessionCustomizers);
    }

    /**
     * The driver configuration these settings describe. It holds only what was set, plus the three values
     * this library owns ({@link #LIBRARY_OWNED_OPTIONS}); every other option keeps the driver's default or
     * the application's {@code application.conf}.
     */
    public DriverConfigLoader newConfigLoader() {
        ProgrammaticDriverConfigLoaderBuilder config = DriverConfigLoader.programmaticBuilder()
                .withClass(DefaultDriverOption.RETRY_POLICY_CLASS, retryPolicy)
                // setKeyspace is part of this API (the seed's set_keyspace), not a mistake to warn about.
                .withBoolean(DefaultDriverOption.REQUEST_WARN_IF_SET_KEYSPACE, false);
        if (maxRetries != null) {
            config.withInt(AsyncRetryPolicy.MAX_RETRIES_OPTION, maxRetries);
        }
        setIfPresent(config, DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, maxSchemaAgreementWait);
        setIfPresent(config, DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, controlConnectionTimeout);
        setIfPresent(config, DefaultDriverOption.HEARTBEAT_INTERVAL, idleHeartbeatInterval);
        setIfPresent(config, DefaultDriverOption.METADATA_SCHEMA_WINDOW, schemaEventRefreshWindow);
        Duration eventWindow = topologyEventRefreshWindow == null ? statusEventRefreshWindow
                : statusEventRefreshWindow == null || topologyEventRefreshWindow.compareTo(statusEventRefreshWindow) < 0
                        ? topologyEventRefreshWindow : statusEventRefreshWindow;
        setIfPresent(config, DefaultDriverOption.METADATA_TOPOLOGY_WINDOW, eventWindow);
        if (protocolVersion != null) {
            config.withString(DefaultDriverOption.PROTOCOL_VERSION, "V" + protocolVersion);
        }
        if (localDatacenter != null) {
            config.withString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, localDatacenter);
        }
        if (loadBalancingPolicy != null) {
            config.withClass(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, loadBalancingPolicy);
        } else if (localDatacenter == null) {
            // The driver's own policy that takes the local datacenter from the contact points.
            config.withString(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS, "DcInferringLoadBalancingPolicy");
        }
        if (maxConcurrentRequests > 0) {
            config.withString(DefaultDriverOption.REQUEST_THROTTLER_CLASS, "ConcurrencyLimitingRequestThrottler")
                    .withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_CONCURRENT_REQUESTS, maxConcurrentRequests)
                    .withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_QUEUE_SIZE, maxQueuedRequests);
        }
        if (reconnectionPolicy != null) {
            config.withClass(DefaultDriverOption.RECONNECTION_POLICY_CLASS, reconnectionPolicy);
        }
        options.forEach((path, value) -> DriverOptions.apply(config, path, value));
        return config.build();
    }

    /**
     * Driver options this library sets though the user did not: its retry policy, no warning for its own
     * {@code USE}, and, when no local datacenter or policy is given, the driver's datacenter-inferring policy.
     */
    public static final java.util.Set<String> LIBRARY_OWNED_OPTIONS = java.util.Set.of(
            DefaultDriverOption.RETRY_POLICY_CLASS.getPath(), DefaultDriverOption.REQUEST_WARN_IF_SET_KEYSPACE.getPath(),
            DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS.getPath());

    private static void setIfPresent(ProgrammaticDriverConfigLoaderBuilder config, DefaultDriverOption option,
            Duration value) {
        if (value != null) {
            config.withDuration(option, value);
        }
    }

    /** A driver session builder for these settings, in {@code keyspace} (or none when {@code null}). */
    public CqlSessionBuilder newSessionBuilder(String keyspace) {
        CqlSessionBuilder builder = CqlSession.builder().withConfigLoader(newConfigLoader());
        for (String point : contactPoints) {
            builder.addContactPoint(ContactPoints.parse(point, port));
        }
        if (authProvider != null) {
            builder.withAuthProvider(authProvider);
        } else if (username != null) {
            builder.withAuthCredentials(username, password);
        }
        if (tls != null) {
            builder.withSslEngineFactory(tls.engineFactory());
        }
        if (keyspace != null) {
            builder.withKeyspace(CqlIdentifier.fromCql(keyspace));
        }
        driverSessionCustomizers.forEach(customizer -> customizer.accept(builder));
        return builder;
    }

    /** The contact points with their port, for messages. */
    public String contactPointsText() {
        return contactPoints.stream().map(point -> {
            InetSocketAddress address = ContactPoints.parse(point, port);
            return ContactPoints.format(address.getHostString(), address.getPort());
        }).toList().toString();
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "ClusterSettings[contactPoints=" + contactPointsText() + ", localDatacenter=" + localDatacenter
                + ", username=" + username + "]";
    }
}
