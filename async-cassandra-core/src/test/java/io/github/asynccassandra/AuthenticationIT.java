package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.AlreadyExistsException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The seed's complete example, on a node that requires a login. */
class AuthenticationIT {

    @RegisterExtension
    static final EmbeddedCassandraExtension SECURED =
            EmbeddedCassandraExtension.dedicated(builder -> builder.authentication(true));

    @Test
    void seedExampleRunsEndToEnd(EmbeddedCassandra cassandra) {
        AsyncCluster cluster = AsyncCluster.createWithAuth(List.of("127.0.0.1"), "cassandra", "cassandra",
                builder -> builder.port(cassandra.nativePort()));
        try {
            AsyncCassandraSession session = cluster.connect().join();
            session.execute("""
                    CREATE KEYSPACE IF NOT EXISTS example
                    WITH REPLICATION = {'class': 'SimpleStrategy', 'replication_factor': 1}
                    """).join();
            session.setKeyspace("example").join();
            session.execute("""
                    CREATE TABLE IF NOT EXISTS users (id UUID PRIMARY KEY, name TEXT, email TEXT)
                    """).join();
            PreparedStatement insert = session.prepare("INSERT INTO users (id, name, email) VALUES (?, ?, ?)").join();
            UUID userId = UUID.randomUUID();
            session.execute(insert, userId, "John Doe", "john@example.com").join();
            PreparedStatement select = session.prepare("SELECT * FROM users WHERE id = ?").join();
            Row user = session.execute(select, userId).join().one();
            assertThat(user.getString("name")).isEqualTo("John Doe");
            assertThat(user.getString("email")).isEqualTo("john@example.com");

            assertThatThrownBy(() -> session.execute("CREATE TABLE users (id UUID PRIMARY KEY)").join())
                    .hasCauseInstanceOf(AlreadyExistsException.class);
        } finally {
            cluster.shutdown().join();
        }
    }

    @Test
    void wrongPasswordFailsWithAuthenticationExceptionAtOnce(EmbeddedCassandra cassandra) {
        long started = System.nanoTime();
        try (AsyncCluster cluster = AsyncCluster.createWithAuth(List.of("127.0.0.1"), "cassandra", "wrong",
                builder -> builder.port(cassandra.nativePort()))) {
            assertThatThrownBy(() -> cluster.connect().join())
                    .hasCauseInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("Provided username cassandra and/or password are incorrect")
                    .hasMessageNotContaining("wrong");
        }
        // Not retried: the first attempt's answer is final (retries would pause for seconds).
        assertThat(System.nanoTime() - started).isLessThan(java.time.Duration.ofSeconds(15).toNanos());
    }

    @Test
    void roleWithoutSelectIsUnauthorized(EmbeddedCassandra cassandra) {
        try (AsyncCluster admin = AsyncCluster.createWithAuth(List.of("127.0.0.1"), "cassandra", "cassandra",
                builder -> builder.port(cassandra.nativePort()))) {
            AsyncCassandraSession session = admin.connect().join();
            session.execute("CREATE KEYSPACE IF NOT EXISTS locked WITH REPLICATION = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
            session.execute("CREATE TABLE IF NOT EXISTS locked.secrets (id int PRIMARY KEY)").join();
            session.execute("CREATE ROLE IF NOT EXISTS reader WITH PASSWORD = 'reader-pw' AND LOGIN = true").join();
        }
        try (AsyncCluster reader = AsyncCluster.createWithAuth(List.of("127.0.0.1"), "reader", "reader-pw",
                builder -> builder.port(cassandra.nativePort()))) {
            AsyncCassandraSession session = reader.connect().join();
            assertThatThrownBy(() -> session.execute("SELECT * FROM locked.secrets").join())
                    .hasCauseInstanceOf(UnauthorizedException.class);
        }
    }
}
