package io.github.asynccassandra.spring.boot.autoconfigure.aot;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.context.DriverContext;
import io.github.asynccassandra.retry.AsyncRetryPolicy;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What a native image needs beyond what Spring's AOT processing and the driver's own
 * {@code META-INF/native-image} files give: the classes the driver creates by reflection from the
 * configuration this library writes (its retry policy, and the driver's Micrometer metrics factory when
 * present), and the JDK proxies it hands out as {@link CqlSession} (the observed session, the session
 * that connects on first use).
 */
public final class AsyncCassandraRuntimeHints implements RuntimeHintsRegistrar {

    /** The driver's Micrometer metrics factory: named in the configuration when its module is present. */
    static final String MICROMETER_METRICS_FACTORY =
            "com.datastax.oss.driver.internal.metrics.micrometer.MicrometerMetricsFactory";

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        // The driver builds configured policies through a (DriverContext, String profile) constructor.
        hints.reflection().registerType(AsyncRetryPolicy.class, type -> type.withConstructor(
                List.of(TypeReference.of(DriverContext.class), TypeReference.of(String.class)),
                ExecutableMode.INVOKE));
        if (ClassUtils.isPresent(MICROMETER_METRICS_FACTORY, classLoader)) {
            hints.reflection().registerType(TypeReference.of(MICROMETER_METRICS_FACTORY), type -> type.withConstructor(
                    List.of(TypeReference.of(DriverContext.class)), ExecutableMode.INVOKE));
        }
        hints.proxies().registerJdkProxy(CqlSession.class);
    }
}
