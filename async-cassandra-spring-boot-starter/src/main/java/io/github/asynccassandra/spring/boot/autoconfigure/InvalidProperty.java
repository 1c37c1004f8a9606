package io.github.asynccassandra.spring.boot.autoconfigure;

import io.github.asynccassandra.exceptions.ConfigurationException;
import java.time.Duration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Start-up failures that name the {@code async-cassandra.*} property to fix (Spring Boot explains them). */
final class InvalidProperty {

    private InvalidProperty() {
    }

    /** The property {@code async-cassandra.<property>} has a value that is not allowed. */
    static InvalidConfigurationPropertyValueException of(String property, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(AsyncCassandraProperties.PREFIX + "." + property, value,
                reason);
    }

    /** Runs {@code setter}, turning the builder's rejection of the value into a failure naming the property. */
    static void set(String property, Object value, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException | ConfigurationException e) {
            throw new InvalidConfigurationPropertyValueException(AsyncCassandraProperties.PREFIX + "." + property,
                    value, e.getMessage(), e);
        }
    }

    /** {@code value}, unless it is missing, zero or negative. */
    static Duration positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw of(property, value, "must be a positive duration");
        }
        return value;
    }
}
