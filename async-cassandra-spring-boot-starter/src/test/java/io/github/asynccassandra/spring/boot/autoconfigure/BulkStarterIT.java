package io.github.asynccassandra.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.bulk.BulkOperations;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.spring.boot.autoconfigure.bulk.AsyncCassandraBulkAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;

/** A BulkOperations bean on the application's session, with progress meters when there is a registry. */
@EmbeddedCassandraTest
class BulkStarterIT {

    @Test
    void aBulkOperationsBeanCountsOnTheSessionAndRecordsItsProgress(EmbeddedCassandra cassandra) {
        StarterTestSupport.runnerFor(cassandra)
                .withConfiguration(AutoConfigurations.of(AsyncCassandraBulkAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
                    assertThat(context).hasSingleBean(BulkOperations.class);
                    AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
                    session.execute("CREATE KEYSPACE IF NOT EXISTS bulkstarter WITH replication = "
                            + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
                    session.execute("CREATE TABLE IF NOT EXISTS bulkstarter.t (k int PRIMARY KEY)").join();
                    for (int k = 0; k < 50; k++) {
                        session.execute("INSERT INTO bulkstarter.t (k) VALUES (?)", k).join();
                    }
                    assertThat(context.getBean(BulkOperations.class).count("bulkstarter", "t").join()).isEqualTo(50);
                    assertThat(context.getBean(MeterRegistry.class).get("cassandra.bulk.rows")
                            .tags("operation", "count", "table", "bulkstarter.t").counter().count()).isEqualTo(50);
                });
    }

    @Test
    void withoutTheBulkModuleOrWithoutMicrometerTheStarterStillWorks(EmbeddedCassandra cassandra) {
        StarterTestSupport.runnerFor(cassandra)
                .withConfiguration(AutoConfigurations.of(AsyncCassandraBulkAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(BulkOperations.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(BulkOperations.class));
        StarterTestSupport.runnerFor(cassandra)
                .withConfiguration(AutoConfigurations.of(AsyncCassandraBulkAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(BulkOperations.class));
    }
}
