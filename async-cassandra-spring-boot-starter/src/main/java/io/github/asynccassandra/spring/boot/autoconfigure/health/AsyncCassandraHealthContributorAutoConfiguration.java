package io.github.asynccassandra.spring.boot.autoconfigure.health;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.monitoring.ConnectionMonitor;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraAutoConfiguration;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraProperties;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * Contributes the {@code asyncCassandra} health indicator when Spring Boot's health support is present
 * (a different name from Boot's own {@code cassandra} indicator, so both can coexist). Switched off like
 * Boot's own indicators: {@code management.health.async-cassandra.enabled=false}, or
 * {@code management.health.defaults.enabled=false}; {@code async-cassandra.health.enabled=false} still
 * works but is deprecated.
 */
@AutoConfiguration(after = AsyncCassandraAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, AsyncCassandraSession.class})
@ConditionalOnBean({AsyncCassandraSession.class, ConnectionMonitor.class})
@ConditionalOnEnabledHealthIndicator("async-cassandra")
@ConditionalOnBooleanProperty(name = "async-cassandra.health.enabled", matchIfMissing = true)
public final class AsyncCassandraHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "asyncCassandraHealthIndicator")
    AsyncCassandraHealthIndicator asyncCassandraHealthIndicator(AsyncCassandraSession session,
            ConnectionMonitor monitor, AsyncCassandraProperties properties) {
        String status = properties.getHealth().getStatusWhenNodeDown();
        if (status == null || status.isBlank()) {
            throw new InvalidConfigurationPropertyValueException("async-cassandra.health.status-when-node-down",
                    status, "must name a health status, such as UP, DOWN or OUT_OF_SERVICE");
        }
        Duration probeTimeout = properties.getMonitor().getProbeTimeout();
        // A check waits for its probes, which time out on their own: allow them that long, and a margin.
        return new AsyncCassandraHealthIndicator(session, monitor,
                new Status(status.strip().toUpperCase(Locale.ROOT)), probeTimeout.plusSeconds(5));
    }
}
