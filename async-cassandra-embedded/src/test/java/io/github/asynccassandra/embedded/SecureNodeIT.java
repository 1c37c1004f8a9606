package io.github.asynccassandra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraExtension;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SecureNodeIT {

    @RegisterExtension
    static final EmbeddedCassandraExtension SECURE =
            EmbeddedCassandraExtension.dedicated(builder -> builder.authentication(true).clientTls(true));

    @Test
    void superuserConnectsOverTlsWithHostnameVerification(EmbeddedCassandra cassandra) {
        assertThat(Files.isRegularFile(cassandra.trustStore())).isTrue();
        try (CqlSession session = cassandra.cqlSessionBuilder().build()) {
            assertThat(session.execute("SELECT release_version FROM system.local").one().getString(0))
                    .isEqualTo(cassandra.version());
            assertThat(session.execute("SELECT role FROM system_auth.roles WHERE role = 'cassandra'").one())
                    .isNotNull();
        }
    }

    @Test
    void wrongPasswordIsRejected(EmbeddedCassandra cassandra) {
        assertThatThrownBy(() -> cassandra.cqlSessionBuilder().withAuthCredentials("cassandra", "wrong").build())
                .isInstanceOf(AllNodesFailedException.class)
                .satisfies(e -> assertThat(((AllNodesFailedException) e).getAllErrors().values())
                        .flatMap(errors -> errors).hasAtLeastOneElementOfType(AuthenticationException.class));
    }

    @Test
    void plainTextConnectionIsRefused(EmbeddedCassandra cassandra) {
        assertThatThrownBy(() -> CqlSession.builder().addContactPoints(cassandra.contactPoints())
                .withLocalDatacenter(cassandra.localDatacenter())
                .withAuthCredentials(cassandra.username(), cassandra.password()).build())
                .isInstanceOf(AllNodesFailedException.class);
    }
}
