package io.github.asynccassandra.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraAutoConfiguration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Closing the Spring context while 500 requests are in flight, and more keep coming. */
@EmbeddedCassandraTest
class ShutdownUnderLoadIT {

    @Test
    void everyRequestCompletesOrFailsCleanlyAndNoAcknowledgedWriteIsLost(EmbeddedCassandra cassandra)
            throws Exception {
        Set<Thread> threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
        AtomicReference<ClosedLoop> loadRef = new AtomicReference<>();
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AsyncCassandraAutoConfiguration.class))
                .withPropertyValues("async-cassandra.contact-points=127.0.0.1",
                        "async-cassandra.port=" + cassandra.nativePort(), "async-cassandra.local-datacenter=datacenter1",
                        "async-cassandra.request.timeout=15s");
        runner.run(context -> {
            AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
            session.execute("CREATE KEYSPACE IF NOT EXISTS shutdown WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
            session.execute("CREATE TABLE IF NOT EXISTS shutdown.writes (id int PRIMARY KEY)").join();
            session.execute("TRUNCATE shutdown.writes").join();
            PreparedStatement insert = session.prepare("INSERT INTO shutdown.writes (id) VALUES (?)").join();
            ClosedLoop load = ClosedLoop.start(500, id -> session.execute(insert, id), true);
            loadRef.set(load);
            Thread.sleep(Figures.FULL ? 10_000 : 3000);
            context.close();
            // Each loop's next request after the close fails at once; those in flight finished first.
            assertThat(load.stopAndAwait(30)).as("every request completed").isTrue();
        });
        ClosedLoop load = loadRef.get();
        // Requests made after the close fail with "Session is closed"; none in flight was cut off.
        assertThat(load.errors.keySet()).as("failures").isSubsetOf(Set.of("ConnectionException"));

        Set<Integer> stored = new HashSet<>();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AsyncCassandraAutoConfiguration.class))
                .withPropertyValues("async-cassandra.contact-points=127.0.0.1",
                        "async-cassandra.port=" + cassandra.nativePort(), "async-cassandra.local-datacenter=datacenter1",
                        "async-cassandra.request.timeout=15s")
                .run(context -> context.getBean(AsyncCassandraSession.class)
                        .executeStream("SELECT id FROM shutdown.writes").join()
                        .forEach(row -> stored.add(row.getInt(0))).join());
        Set<Integer> lost = new HashSet<>(load.acknowledged);
        lost.removeAll(stored);
        assertThat(lost).as("acknowledged writes missing").isEmpty();

        assertThat(ClusterFaultsIT.eventually(java.time.Duration.ofSeconds(30), () -> Thread.getAllStackTraces()
                .keySet().stream().filter(t -> !threadsBefore.contains(t)).filter(Thread::isAlive)
                .noneMatch(t -> t.getName().startsWith("async-cassandra-") || t.getName().matches("s\\d+-.*"))))
                .as("no client thread outlives the context").isTrue();
        Figures.report("Spring context closed with 500 requests in flight",
                String.format("sent %d, acknowledged %d (all readable afterwards, lost 0), failed cleanly %d %s; "
                        + "no driver or client thread left", load.sent.get(), load.acknowledged.size(),
                        load.failed.get(), load.errors));
    }
}
