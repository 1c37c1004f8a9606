package io.github.asynccassandra.spring.boot.autoconfigure.health;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.monitoring.ConnectionMonitor;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraAutoConfiguration;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the {@code asyncCassandra} health indicator when Spring Boot's health support is present
 * (a different name from Boot's own {@code cassandra} indicator, so both can coexist). With several
 * {@link AsyncCassandraSession} beans it is a composite, one indicator per session named by its bean, as
 * Boot's own Cassandra contributor is. Switched off like Boot's own indicators:
 * {@code management.health.async-cassandra.enabled=false}, or {@code management.health.defaults.enabled=false};
 * {@code async-cassandra.health.enabled=false} still works but is deprecated.
 */
@AutoConfiguration(after = AsyncCassandraAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, AsyncCassandraSession.class})
@ConditionalOnBean(AsyncCassandraSession.class)
@ConditionalOnEnabledHealthIndicator("async-cassandra")
@ConditionalOnBooleanProperty(name = "async-cassandra.health.enabled", matchIfMissing = true)
public final class AsyncCassandraHealthContributorAutoConfiguration {

    /** Monitors this configuration starts for sessions the starter's monitor does not watch. */
    @Bean
    SessionMonitors asyncCassandraSessionMonitors() {
        return new SessionMonitors();
    }

    @Bean
    @ConditionalOnMissingBean(name = {"asyncCassandraHealthIndicator", "asyncCassandraHealthContributor"})
    HealthContributor asyncCassandraHealthIndicator(Map<String, AsyncCassandraSession> sessions,
            ObjectProvider<ConnectionMonitor> monitors, SessionMonitors sessionMonitors,
            AsyncCassandraProperties properties) {
        String status = properties.getHealth().getStatusWhenNodeDown();
        if (status == null || status.isBlank()) {
            throw new InvalidConfigurationPropertyValueException("async-cassandra.health.status-when-node-down",
                    status, "must name a health status, such as UP, DOWN or OUT_OF_SERVICE");
        }
        Status nodeDown = new Status(status.strip().toUpperCase(Locale.ROOT));
        AsyncCassandraProperties.Monitor monitor = properties.getMonitor();
        // A check waits for its probes, which time out on their own: allow them that long, and a margin.
        Duration checkTimeout = monitor.getProbeTimeout().plusSeconds(5);
        List<ConnectionMonitor> existing = monitors.orderedStream().toList();
        Map<String, AsyncCassandraHealthIndicator> indicators = new LinkedHashMap<>();
        sessions.forEach((name, session) -> {
            ConnectionMonitor watching = existing.stream().filter(m -> m.getSession() == session).findFirst()
                    .orElseGet(() -> sessionMonitors.start(session, monitor));
            indicators.put(name, new AsyncCassandraHealthIndicator(session, watching, nodeDown, checkTimeout));
        });
        return indicators.size() == 1 ? indicators.values().iterator().next()
                : CompositeHealthContributor.fromMap(indicators);
    }

    /** Monitors of the application's other sessions, closed with the context. */
    static final class SessionMonitors implements DisposableBean {

        private final List<ConnectionMonitor> started = new CopyOnWriteArrayList<>();

        ConnectionMonitor start(AsyncCassandraSession session, AsyncCassandraProperties.Monitor settings) {
            ConnectionMonitor monitor = new ConnectionMonitor(session, settings.getInterval(),
                    settings.getProbeTimeout());
            started.add(monitor);
            return settings.isEnabled() ? monitor.start() : monitor;
        }

        @Override
        public void destroy() {
            started.forEach(ConnectionMonitor::close);
        }
    }
}
