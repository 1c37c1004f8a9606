package io.github.asynccassandra.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraExtension;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.monitoring.ConnectionMonitor;
import io.github.asynccassandra.spring.boot.autoconfigure.health.AsyncCassandraHealthIndicator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Status;

/** A TLS-only node that requires a login: who gets in, who does not, and where secrets never show. */
class SecurityIT {

    @RegisterExtension
    static final EmbeddedCassandraExtension SECURE =
            EmbeddedCassandraExtension.dedicated(builder -> builder.authentication(true).clientTls(true));

    private static final String APP_PASSWORD = "app-s3cret-7f2c";
    private static final String WRONG_PASSWORD = "wrong-s3cret-9d1e";

    @BeforeAll
    static void createRoleWithoutPermissions() {
        try (AsyncCluster cluster = tls(SECURE.cassandra()).credentials("cassandra", "cassandra").build()) {
            AsyncCassandraSession admin = cluster.connect().join();
            admin.execute("CREATE KEYSPACE IF NOT EXISTS sec WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
            admin.execute("CREATE TABLE IF NOT EXISTS sec.secrets (id int PRIMARY KEY, v text)").join();
            admin.execute("CREATE ROLE IF NOT EXISTS app WITH PASSWORD = '" + APP_PASSWORD + "' AND LOGIN = true")
                    .join();
        }
    }

    @Test
    void plainTextConnectionsAreRefused() {
        EmbeddedCassandra cassandra = SECURE.cassandra();
        try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).credentials("cassandra", "cassandra").build()) {
            Throwable failure = failure(() -> cluster.connect(null, Duration.ofSeconds(5)).join());
            assertThat(failure).isInstanceOf(ConnectionException.class);
        }
    }

    @Test
    void tlsWithHostnameVerificationAndTheRightPasswordGetsIn() {
        try (AsyncCluster cluster = tls(SECURE.cassandra()).credentials("app", APP_PASSWORD).build()) {
            AsyncCassandraSession session = cluster.connect().join();
            assertThat(session.execute("SELECT release_version FROM system.local").join().one().getString(0))
                    .startsWith("5.0");
        }
    }

    @Test
    void aWrongPasswordFailsClearlyAndIsNeverPrintedOrLogged() {
        ListAppender<ILoggingEvent> log = captureLog();
        try (AsyncCluster cluster = tls(SECURE.cassandra()).credentials("app", WRONG_PASSWORD).build()) {
            Throwable failure = failure(() -> cluster.connect().join());
            assertThat(failure).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("Provided username app and/or password are incorrect");
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(WRONG_PASSWORD);
        } finally {
            stopCapturing(log);
        }
        assertThat(logged(log)).doesNotContain(WRONG_PASSWORD).doesNotContain(APP_PASSWORD);
    }

    @Test
    void aRoleWithoutSelectIsUnauthorized() {
        try (AsyncCluster cluster = tls(SECURE.cassandra()).credentials("app", APP_PASSWORD).build()) {
            AsyncCassandraSession session = cluster.connect().join();
            Throwable failure = failure(() -> session.execute("SELECT * FROM sec.secrets").join());
            assertThat(failure).isInstanceOf(UnauthorizedException.class).hasMessageContaining("SELECT");
            // Refused, not broken: the session still serves what the role may read.
            assertThat(session.execute("SELECT release_version FROM system.local").join().one()).isNotNull();
        }
    }

    @Test
    void credentialsAppearInNoHealthDetailAndNoLog() {
        ListAppender<ILoggingEvent> log = captureLog();
        try (AsyncCluster cluster = tls(SECURE.cassandra()).credentials("app", APP_PASSWORD).build();
             ConnectionMonitor monitor = new ConnectionMonitor(cluster.connect().join(), Duration.ofSeconds(1))) {
            AsyncCassandraSession session = cluster.connect().join();
            var health = new AsyncCassandraHealthIndicator(session, monitor, Status.UP, Duration.ofSeconds(10))
                    .health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails().toString()).doesNotContain(APP_PASSWORD).doesNotContain("app");
        } finally {
            stopCapturing(log);
        }
        assertThat(logged(log)).doesNotContain(APP_PASSWORD);
    }

    private static AsyncCluster.Builder tls(EmbeddedCassandra cassandra) {
        return AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).sslContext(cassandra.sslContext())
                .option("basic.request.timeout", Duration.ofSeconds(15));
    }

    private static ListAppender<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root().addAppender(appender);
        return appender;
    }

    private static void stopCapturing(ListAppender<ILoggingEvent> appender) {
        root().detachAppender(appender);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static String logged(ListAppender<ILoggingEvent> appender) {
        return appender.list.stream().map(event -> event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    private static Throwable failure(Runnable call) {
        try {
            call.run();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
