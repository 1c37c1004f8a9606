package io.github.asynccassandra.spring.boot.autoconfigure;

import static io.github.asynccassandra.spring.boot.autoconfigure.StarterTestSupport.eventually;
import static io.github.asynccassandra.spring.boot.autoconfigure.StarterTestSupport.runner;
import static io.github.asynccassandra.spring.boot.autoconfigure.StarterTestSupport.runnerFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.spring.boot.autoconfigure.health.AsyncCassandraHealthIndicator;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** {@code async-cassandra.startup=lazy}: the context starts without Cassandra; health tells when it is there. */
@EmbeddedCassandraTest
class LazyStartupStarterIT {

    @Test
    void withoutAReachableCassandraTheContextStartsAndHealthIsDown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        runner().withPropertyValues("async-cassandra.startup=lazy", "async-cassandra.contact-points=127.0.0.1",
                "async-cassandra.port=" + closedPort, "async-cassandra.local-datacenter=datacenter1",
                "async-cassandra.connect-timeout=2s").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CqlSession.class);
                    AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
                    assertThat(session.execute("SELECT release_version FROM system.local"))
                            .failsWithin(Duration.ofSeconds(30));
                    Health health = context.getBean(AsyncCassandraHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(String.valueOf(health.getDetails().get("error"))).startsWith("Not connected");
                });
    }

    @Test
    void withCassandraReachableTheSessionConnectsAndHealthIsUp(EmbeddedCassandra cassandra) {
        runnerFor(cassandra).withPropertyValues("async-cassandra.startup=lazy", "async-cassandra.monitor.interval=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
                    assertThat(session.execute("SELECT release_version FROM system.local").join().one().getString(0))
                            .startsWith("5.");
                    assertThat(context.getBean(CqlSession.class).execute("SELECT cluster_name FROM system.local").one())
                            .isNotNull();
                    AsyncCassandraHealthIndicator indicator = context.getBean(AsyncCassandraHealthIndicator.class);
                    assertThat(eventually(Duration.ofSeconds(30),
                            () -> indicator.health(true).getStatus().equals(Status.UP))).isTrue();
                });
    }
}
