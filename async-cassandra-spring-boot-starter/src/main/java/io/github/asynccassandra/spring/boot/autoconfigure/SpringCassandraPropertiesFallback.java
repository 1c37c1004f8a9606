package io.github.asynccassandra.spring.boot.autoconfigure;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Lets an application configured for Spring Boot's own Cassandra support keep its configuration: each
 * {@code async-cassandra.*} property that is not set takes the value of its {@code spring.cassandra.*}
 * counterpart, when that one is set. When both are set, {@code async-cassandra.*} wins, and one line at
 * start-up names those that differ.
 */
final class SpringCassandraPropertiesFallback implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(SpringCassandraPropertiesFallback.class);
    private static final String SPRING_PREFIX = "spring.cassandra.";

    /** Each {@code async-cassandra.*} property that has a {@code spring.cassandra.*} counterpart. */
    static final List<Counterpart<?>> COUNTERPARTS = List.of(
            new Counterpart<>("contact-points", "contact-points", Bindable.listOf(String.class),
                    AsyncCassandraProperties::setContactPoints),
            new Counterpart<>("port", "port", Bindable.of(Integer.class), AsyncCassandraProperties::setPort),
            new Counterpart<>("local-datacenter", "local-datacenter", Bindable.of(String.class),
                    AsyncCassandraProperties::setLocalDatacenter),
            new Counterpart<>("keyspace", "keyspace-name", Bindable.of(String.class),
                    AsyncCassandraProperties::setKeyspace),
            new Counterpart<>("username", "username", Bindable.of(String.class), AsyncCassandraProperties::setUsername),
            new Counterpart<>("password", "password", Bindable.of(String.class), AsyncCassandraProperties::setPassword),
            new Counterpart<>("ssl.enabled", "ssl.enabled", Bindable.of(Boolean.class),
                    (properties, value) -> properties.getSsl().setEnabled(value)),
            new Counterpart<>("ssl.bundle", "ssl.bundle", Bindable.of(String.class),
                    (properties, value) -> properties.getSsl().setBundle(value)),
            new Counterpart<>("control-connection-timeout", "controlconnection.timeout", Bindable.of(Duration.class),
                    AsyncCassandraProperties::setControlConnectionTimeout),
            new Counterpart<>("request.timeout", "request.timeout", Bindable.of(Duration.class),
                    (properties, value) -> properties.getRequest().setTimeout(value)),
            new Counterpart<>("request.consistency", "request.consistency", Bindable.of(DefaultConsistencyLevel.class),
                    (properties, value) -> properties.getRequest().setConsistency(value)),
            new Counterpart<>("request.serial-consistency", "request.serial-consistency",
                    Bindable.of(DefaultConsistencyLevel.class),
                    (properties, value) -> properties.getRequest().setSerialConsistency(value)),
            new Counterpart<>("request.page-size", "request.page-size", Bindable.of(Integer.class),
                    (properties, value) -> properties.getRequest().setPageSize(value)));

    private final Environment environment;

    SpringCassandraPropertiesFallback(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        // After binding (which Boot does before initialization too, in an earlier post-processor).
        if (bean instanceof AsyncCassandraProperties properties) {
            apply(Binder.get(environment), properties);
        }
        return bean;
    }

    /** Fills what {@code async-cassandra.*} leaves unset from {@code spring.cassandra.*}. */
    static void apply(Binder binder, AsyncCassandraProperties properties) {
        List<String> differing = new ArrayList<>();
        for (Counterpart<?> counterpart : COUNTERPARTS) {
            counterpart.apply(binder, properties, differing);
        }
        if (!differing.isEmpty()) {
            log.warn("Both async-cassandra.* and spring.cassandra.* set these, with different values; the "
                    + "async-cassandra.* value is used: {}", String.join(", ", differing));
        }
    }

    /** One property and its {@code spring.cassandra.*} counterpart. */
    record Counterpart<T>(String name, String springName, Bindable<T> type,
            BiConsumer<AsyncCassandraProperties, T> setter) {

        void apply(Binder binder, AsyncCassandraProperties properties, List<String> differing) {
            BindResult<T> spring = binder.bind(SPRING_PREFIX + springName, type);
            if (!spring.isBound()) {
                return;
            }
            BindResult<T> ours = binder.bind(AsyncCassandraProperties.PREFIX + "." + name, type);
            if (!ours.isBound()) {
                setter.accept(properties, spring.get());
            } else if (!Objects.equals(ours.get(), spring.get())) {
                differing.add(AsyncCassandraProperties.PREFIX + "." + name + " / " + SPRING_PREFIX + springName);
            }
        }
    }
}
