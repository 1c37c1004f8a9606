package io.github.asynccassandra.spring.boot.autoconfigure.springdata;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.spring.boot.autoconfigure.AsyncCassandraAutoConfiguration;
import io.github.asynccassandra.spring.boot.autoconfigure.metrics.AsyncCassandraMetricsAutoConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cassandra.autoconfigure.CassandraAutoConfiguration;
import org.springframework.boot.cassandra.autoconfigure.CassandraConnectionDetails;
import org.springframework.boot.data.cassandra.autoconfigure.DataCassandraAutoConfiguration;
import org.springframework.boot.data.cassandra.autoconfigure.DataCassandraRepositoriesAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.cassandra.repository.config.EnableCassandraRepositories;

/**
 * The starter in a Spring Data Cassandra application, against a real node: one driver session for
 * both APIs, Spring Data's requests in the starter's meters, Boot's {@code spring.cassandra.*}
 * and {@code CassandraConnectionDetails} honoured.
 */
@EmbeddedCassandraTest
class SpringEcosystemStarterIT {

    private static final AutoConfigurations WITH_SPRING_DATA = AutoConfigurations.of(
            AsyncCassandraAutoConfiguration.class, AsyncCassandraMetricsAutoConfiguration.class,
            CassandraAutoConfiguration.class, DataCassandraAutoConfiguration.class,
            DataCassandraRepositoriesAutoConfiguration.class);

    @BeforeAll
    static void createSchema(EmbeddedCassandra cassandra) {
        try (CqlSession session = cassandra.cqlSessionBuilder().build()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS ecosystem WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS ecosystem.notes (id int PRIMARY KEY, text text)");
        }
    }

    private static ApplicationContextRunner springDataApplication() {
        return new ApplicationContextRunner().withConfiguration(WITH_SPRING_DATA)
                .withUserConfiguration(Repositories.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("async-cassandra.monitor.enabled=false", "async-cassandra.request.timeout=15s");
    }

    @Test
    void springDataRunsOnTheStartersOneSessionAndIsMetered(EmbeddedCassandra cassandra) {
        AsyncCassandraSession[] opened = new AsyncCassandraSession[1];
        springDataApplication()
                .withPropertyValues("async-cassandra.contact-points=127.0.0.1:" + cassandra.nativePort(),
                        "async-cassandra.local-datacenter=" + cassandra.localDatacenter(),
                        "async-cassandra.keyspace=ecosystem")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CqlSession.class);
                    AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
                    opened[0] = session;
                    assertThat(context.getBean(CqlSession.class)).isSameAs(session.getDriverSession());

                    NoteRepository notes = context.getBean(NoteRepository.class);
                    notes.save(new Note(1, "from Spring Data"));
                    assertThat(notes.findById(1)).contains(new Note(1, "from Spring Data"));
                    assertThat(session.execute("SELECT text FROM notes WHERE id = 1").join().one().getString(0))
                            .isEqualTo("from Spring Data");

                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    // The driver completes a request's future just before it reports the request's end: poll.
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    do {
                        session.getMetrics().flush(Duration.ofSeconds(10));
                    } while ((count(meters, "insert") < 1 || count(meters, "select") < 2)
                            && System.nanoTime() < deadline);
                    assertThat(count(meters, "insert")).as("the repository's save").isGreaterThanOrEqualTo(1);
                    assertThat(count(meters, "select")).as("the repository's find and the API's select")
                            .isGreaterThanOrEqualTo(2);
                });
        assertThat(opened[0].isClosed()).isTrue();
        assertThat(opened[0].getDriverSession().isClosed()).as("closed with the context").isTrue();
    }

    @Test
    void anApplicationWithOnlySpringCassandraPropertiesKeepsWorking(EmbeddedCassandra cassandra) {
        springDataApplication()
                .withPropertyValues("spring.cassandra.contact-points=127.0.0.1:" + cassandra.nativePort(),
                        "spring.cassandra.local-datacenter=" + cassandra.localDatacenter(),
                        "spring.cassandra.keyspace-name=ecosystem")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
                    assertThat(session.getKeyspace()).isEqualTo("ecosystem");
                    NoteRepository notes = context.getBean(NoteRepository.class);
                    notes.save(new Note(2, "spring.cassandra only"));
                    assertThat(notes.findById(2)).contains(new Note(2, "spring.cassandra only"));
                });
    }

    @Test
    void aServiceConnectionsDetailsWinOverProperties(EmbeddedCassandra cassandra) {
        // As Testcontainers' @ServiceConnection or Docker Compose would define it; the properties point nowhere.
        CassandraConnectionDetails details = new CassandraConnectionDetails() {
            @Override
            public List<Node> getContactPoints() {
                return List.of(new Node("127.0.0.1", cassandra.nativePort()));
            }

            @Override
            public String getLocalDatacenter() {
                return cassandra.localDatacenter();
            }
        };
        springDataApplication().withBean(CassandraConnectionDetails.class, () -> details)
                .withPropertyValues("async-cassandra.contact-points=127.0.0.1:1", "async-cassandra.keyspace=ecosystem")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(AsyncCassandraSession.class)
                            .execute("SELECT release_version FROM system.local").join().one().getString(0))
                            .startsWith("5.");
                });
    }

    @Test
    void anApplicationWithoutMicrometerStartsAndServesQueries(EmbeddedCassandra cassandra) {
        new ApplicationContextRunner().withConfiguration(WITH_SPRING_DATA)
                .withUserConfiguration(Repositories.class)
                .withClassLoader(new FilteredClassLoader("io.micrometer", "com.datastax.oss.driver.internal.metrics"))
                .withPropertyValues("async-cassandra.contact-points=127.0.0.1:" + cassandra.nativePort(),
                        "async-cassandra.local-datacenter=" + cassandra.localDatacenter(),
                        "async-cassandra.keyspace=ecosystem", "async-cassandra.monitor.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(MeterRegistry.class);
                    NoteRepository notes = context.getBean(NoteRepository.class);
                    notes.save(new Note(3, "no Micrometer"));
                    assertThat(notes.findById(3)).contains(new Note(3, "no Micrometer"));
                });
    }

    private static double count(MeterRegistry meters, String queryType) {
        Counter counter = meters.find("cassandra.queries").tag("query_type", queryType).tag("success", "success")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCassandraRepositories(basePackageClasses = NoteRepository.class)
    static class Repositories {
    }
}
