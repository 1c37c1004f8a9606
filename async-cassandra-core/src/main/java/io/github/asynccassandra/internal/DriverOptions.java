package io.github.asynccassandra.internal;

import com.datastax.dse.driver.api.core.config.DseDriverOption;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverOption;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import io.github.asynccassandra.exceptions.ConfigurationException;
import io.github.asynccassandra.retry.AsyncRetryPolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies free-form driver options ({@code AsyncCluster.Builder#option}) with checks, so typos fail loudly. */
public final class DriverOptions {

    private static final Set<String> KNOWN_PATHS = new HashSet<>();

    static {
        for (DefaultDriverOption option : DefaultDriverOption.values()) {
            KNOWN_PATHS.add(option.getPath());
        }
        for (DseDriverOption option : DseDriverOption.values()) {
            KNOWN_PATHS.add(option.getPath());
        }
        KNOWN_PATHS.add(AsyncRetryPolicy.MAX_RETRIES_PATH);
    }

    private DriverOptions() {
    }

    /** Throws {@link ConfigurationException} unless {@code path} is an option the driver (or we) read. */
    public static void checkPath(String path) {
        if (path == null || path.isBlank()) {
            throw new ConfigurationException("Driver option path must not be blank");
        }
        String withoutProfile = path.startsWith("profiles.") && path.indexOf('.', 9) > 0
                ? path.substring(path.indexOf('.', 9) + 1) : path;
        if (!KNOWN_PATHS.contains(withoutProfile)) {
            throw new ConfigurationException("Unknown driver option '" + path
                    + "': see the driver's reference.conf for the options it reads");
        }
    }

    /** Sets {@code value} at {@code path}, choosing the typed setter from the value's type. */
    @SuppressWarnings("unchecked")
    public static void apply(ProgrammaticDriverConfigLoaderBuilder builder, String path, Object value) {
        DriverOption option = () -> path;
        if (value instanceof String string) {
            builder.withString(option, string);
        } else if (value instanceof Integer integer) {
            builder.withInt(option, integer);
        } else if (value instanceof Long longValue) {
            builder.withLong(option, longValue);
        } else if (value instanceof Boolean bool) {
            builder.withBoolean(option, bool);
        } else if (value instanceof Double || value instanceof Float) {
            builder.withDouble(option, ((Number) value).doubleValue());
        } else if (value instanceof Duration duration) {
            builder.withDuration(option, duration);
        } else if (value instanceof Class<?> type) {
            builder.withClass(option, type);
        } else if (value instanceof Enum<?> constant) {
            builder.withString(option, constant.name());
        } else if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            builder.withStringList(option, (List<String>) list);
        } else if (value instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)
                && map.values().stream().allMatch(String.class::isInstance)) {
            builder.withStringMap(option, (Map<String, String>) map);
        } else {
            throw new ConfigurationException("Driver option '" + path + "' cannot take a "
                    + (value == null ? "null" : value.getClass().getName())
                    + ": use a String, Integer, Long, Boolean, Double, Duration, Class, enum, List<String> or "
                    + "Map<String, String>");
        }
    }
}
