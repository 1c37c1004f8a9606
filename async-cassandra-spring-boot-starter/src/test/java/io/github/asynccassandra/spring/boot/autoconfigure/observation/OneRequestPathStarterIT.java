package io.github.asynccassandra.spring.boot.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraAutoConfiguration;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraEmbeddedAutoConfiguration;
import io.github.asynccassandra.spring.boot.autoconfigure.metrics.AsyncCassandraMetricsAutoConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.cassandra.core.cql.CqlTemplate;

/**
 * One request path: a Spring Data {@link CqlTemplate} on the starter's driver session is measured by the
 * same meters and observed by the same observations as the library's own API, because both are seen by
 * the cluster's request tracker.
 */
@EmbeddedCassandraTest
class OneRequestPathStarterIT {

    @Test
    void aSpringDataTemplateOnTheSharedSessionIsMeteredAndObservedLikeTheApi(EmbeddedCassandra cassandra) {
        TestObservationRegistry observations = TestObservationRegistry.create();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AsyncCassandraEmbeddedAutoConfiguration.class,
                        AsyncCassandraAutoConfiguration.class, AsyncCassandraMetricsAutoConfiguration.class,
                        AsyncCassandraObservationAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(ObservationRegistry.class, () -> observations)
                .withPropertyValues("async-cassandra.contact-points=127.0.0.1",
                        "async-cassandra.port=" + cassandra.nativePort(), "async-cassandra.local-datacenter=datacenter1",
                        "async-cassandra.request.timeout=15s", "async-cassandra.monitor.enabled=false")
                .run(context -> {
                    AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
                    CqlTemplate template = new CqlTemplate(session.getDriverSession());
                    assertThat(template.queryForObject("SELECT release_version FROM system.local", String.class))
                            .startsWith("5.0");
                    session.execute("SELECT cluster_name FROM system.local").join();

                    // The driver completes a request's future just before it reports the request's end.
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(eventually(Duration.ofSeconds(10), () -> {
                        session.getMetrics().flush(Duration.ofSeconds(10));
                        Counter selects = meters.find("cassandra.queries").tag("query_type", "select")
                                .tag("success", "success").counter();
                        return selects != null && selects.count() >= 2;
                    })).as("template and API requests, one meter").isTrue();
                    assertThat(meters.get("cassandra.queries").tag("query_type", "select").tag("success", "success")
                            .counter().count()).isEqualTo(2);
                    TestObservationRegistryAssert.assertThat(observations)
                            .hasNumberOfObservationsWithNameEqualTo("cassandra.query", 2)
                            .hasAnObservationWithAKeyValue("db.query.text",
                                    "SELECT release_version FROM system.local")
                            .hasAnObservationWithAKeyValue("db.query.text", "SELECT cluster_name FROM system.local");
                });
    }

    private static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
