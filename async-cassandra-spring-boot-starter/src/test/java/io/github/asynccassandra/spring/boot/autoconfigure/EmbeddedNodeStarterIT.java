package io.github.asynccassandra.spring.boot.autoconfigure;

import static io.github.asynccassandra.spring.boot.autoconfigure.StarterTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.spring.boot.autoconfigure.health.AsyncCassandraHealthIndicator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** {@code async-cassandra.embedded.enabled=true}: the starter runs its own node, and health follows it. */
class EmbeddedNodeStarterIT {

    @Test
    void startsANodeConnectsToItReportsItsFailureAndStopsItWithTheContext() throws Exception {
        AtomicLong pid = new AtomicLong();
        StarterTestSupport.runner().withPropertyValues("async-cassandra.embedded.enabled=true",
                "async-cassandra.embedded.heap=768m", "async-cassandra.contact-points=192.0.2.1",
                "async-cassandra.monitor.interval=1s", "async-cassandra.monitor.probe-timeout=1s",
                "async-cassandra.request.timeout=15s").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EmbeddedCassandraConnectionDetails.class);
                    EmbeddedCassandra cassandra = context.getBean(EmbeddedCassandra.class);
                    pid.set(cassandra.pid(1));
                    AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
                    // Connected to the embedded node, not to the contact point in the properties.
                    assertThat(session.execute("SELECT data_center FROM system.local").join().one().getString(0))
                            .isEqualTo("datacenter1");
                    AsyncCassandraHealthIndicator health = context.getBean(AsyncCassandraHealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);

                    cassandra.kill(1);
                    assertThat(eventually(Duration.ofSeconds(30),
                            () -> health.health().getStatus().equals(Status.DOWN))).isTrue();
                    assertThat(health.health().getDetails()).containsEntry("nodesUp", 0L)
                            .containsEntry("nodesDown", 1L);
                });
        assertThat(ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
