package io.github.asynccassandra.spring.boot.autoconfigure.aot;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.internal.metrics.micrometer.MicrometerMetricsFactory;
import io.github.asynccassandra.retry.AsyncRetryPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

class AsyncCassandraRuntimeHintsTest {

    @Test
    void coversWhatTheDriverBuildsByReflectionAndTheProxiesHandedOut() throws NoSuchMethodException {
        RuntimeHints hints = new RuntimeHints();
        new AsyncCassandraRuntimeHints().registerHints(hints, getClass().getClassLoader());
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(
                AsyncRetryPolicy.class.getConstructor(DriverContext.class, String.class))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(
                MicrometerMetricsFactory.class.getConstructor(DriverContext.class))).accepts(hints);
        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(CqlSession.class)).accepts(hints);
    }

    @Test
    void isRegisteredForSpringsAotProcessing() {
        assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(AsyncCassandraRuntimeHints.class);
    }
}
