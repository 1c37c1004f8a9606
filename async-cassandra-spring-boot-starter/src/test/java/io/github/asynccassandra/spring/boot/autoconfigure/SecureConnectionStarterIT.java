package io.github.asynccassandra.spring.boot.autoconfigure;

import static io.github.asynccassandra.spring.boot.autoconfigure.StarterTestSupport.analyze;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A node that wants TLS and a login: an SSL bundle and credentials from properties. */
class SecureConnectionStarterIT {

    @RegisterExtension
    static final EmbeddedCassandraExtension SECURE =
            EmbeddedCassandraExtension.dedicated(builder -> builder.authentication(true).clientTls(true));

    private ApplicationContextRunner runner(String password) {
        EmbeddedCassandra cassandra = SECURE.cassandra();
        return StarterTestSupport.runnerFor(cassandra)
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("async-cassandra.username=cassandra", "async-cassandra.password=" + password,
                        "async-cassandra.ssl.bundle=cassandra",
                        "spring.ssl.bundle.jks.cassandra.truststore.location=file:" + cassandra.trustStore(),
                        "spring.ssl.bundle.jks.cassandra.truststore.password=" + cassandra.trustStorePassword(),
                        "spring.ssl.bundle.jks.cassandra.truststore.type=" + cassandra.trustStoreType());
    }

    @Test
    void connectsWithTheSslBundleAndCredentials() {
        runner("cassandra").run(context -> {
            assertThat(context).hasNotFailed();
            AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
            assertThat(session.execute("SELECT release_version FROM system.local").join().one().getString(0))
                    .startsWith("5.0");
        });
    }

    @Test
    void theBundlesProtocolsAndCiphersAreApplied() {
        runner("cassandra").withPropertyValues("spring.ssl.bundle.jks.cassandra.options.enabled-protocols=TLSv1.2",
                "spring.ssl.bundle.jks.cassandra.options.ciphers=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
                        + "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_GCM_SHA256")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AsyncCassandraSession session = context.getBean(AsyncCassandraSession.class);
                    assertThat(session.execute("SELECT release_version FROM system.local").join().one().getString(0))
                            .startsWith("5.0");
                });
        runner("cassandra").withPropertyValues("spring.ssl.bundle.jks.cassandra.options.enabled-protocols=TLSv9")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("async-cassandra.ssl.bundle")
                        .hasStackTraceContaining("options.enabled-protocols").hasStackTraceContaining("TLSv9"));
        // Only SSLv3, which the node refuses: the option is really used, not ignored.
        runner("cassandra").withPropertyValues("spring.ssl.bundle.jks.cassandra.options.enabled-protocols=SSLv3",
                "async-cassandra.connect-timeout=5s")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void aWrongPasswordFailsStartUpWithAnAnalysisThatNeverShowsIt() {
        runner("not-the-password").run(context -> {
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("rejected the login");
            assertThat(analysis.getAction()).contains("async-cassandra.username").contains("async-cassandra.password");
            StringWriter trace = new StringWriter();
            context.getStartupFailure().printStackTrace(new PrintWriter(trace));
            assertThat(analysis.getDescription() + analysis.getAction() + trace).doesNotContain("not-the-password");
        });
    }

    @Test
    void withoutTlsTheNodeRefusesTheConnection() {
        EmbeddedCassandra cassandra = SECURE.cassandra();
        StarterTestSupport.runnerFor(cassandra).withPropertyValues("async-cassandra.username=cassandra",
                "async-cassandra.password=cassandra", "async-cassandra.connect-timeout=5s").run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("Could not connect");
                });
    }
}
