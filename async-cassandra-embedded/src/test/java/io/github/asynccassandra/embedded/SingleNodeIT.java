package io.github.asynccassandra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import org.junit.jupiter.api.Test;

@EmbeddedCassandraTest
class SingleNodeIT {

    @Test
    void answersReleaseVersionOverCql(EmbeddedCassandra cassandra) {
        try (CqlSession session = cassandra.cqlSessionBuilder().build()) {
            String release = session.execute("SELECT release_version FROM system.local").one().getString(0);
            assertThat(release).isEqualTo(cassandra.version());
        }
        assertThat(cassandra.isStarted()).isTrue();
        assertThat(cassandra.pid(1)).isPositive();
        assertThat(cassandra.contactPoints()).hasSize(1);
    }

    @Test
    void unpacksItsNativeLibrariesIntoItsOwnDirectory(EmbeddedCassandra cassandra) throws Exception {
        try (CqlSession session = cassandra.cqlSessionBuilder().build()) {
            assertThat(session.execute("SELECT value FROM system_views.system_properties WHERE name = 'java.io.tmpdir'")
                    .one().getString(0)).isEqualTo(cassandra.workingDirectory().resolve("node1").resolve("tmp").toString());
        }
    }
}
