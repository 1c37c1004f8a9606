package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asynccassandra.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AsyncClusterBuilderTest {

    @Test
    void protocolBelowFiveIsRejectedWithTheSeedsExplanation() {
        assertThatThrownBy(() -> AsyncCluster.builder().protocolVersion(4))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("v5+ is required").hasMessageContaining("Cassandra 4.0")
                .extracting("setting").isEqualTo("protocolVersion");
        assertThatThrownBy(() -> AsyncCluster.builder().protocolVersion(7))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("use 5 or 6");
        AsyncCluster.builder().protocolVersion(5).protocolVersion(6);
    }

    @Test
    void invalidSettingsNameTheSetting() {
        assertThatThrownBy(() -> AsyncCluster.builder().contactPoints(List.of())).hasMessageContaining("contactPoints");
        assertThatThrownBy(() -> AsyncCluster.builder().contactPoints("a", " ")).hasMessageContaining("contactPoints");
        assertThatThrownBy(() -> AsyncCluster.builder().port(0)).hasMessageContaining("port");
        assertThatThrownBy(() -> AsyncCluster.builder().executorThreads(0)).hasMessageContaining("executorThreads");
        assertThatThrownBy(() -> AsyncCluster.builder().controlConnectionTimeout(Duration.ZERO))
                .hasMessageContaining("controlConnectionTimeout");
        assertThatThrownBy(() -> AsyncCluster.builder().credentials("", "x")).hasMessageContaining("username");
        assertThatThrownBy(() -> AsyncCluster.builder().maxRetries(-1)).hasMessageContaining("maxRetries");
    }

    @Test
    void driverOptionsAreChecked() {
        assertThatThrownBy(() -> AsyncCluster.builder().option("basic.request.timout", Duration.ofSeconds(1)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Unknown driver option");
        assertThatThrownBy(() -> AsyncCluster.builder().option("basic.request.timeout", new Object()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot take");
        try (AsyncCluster cluster = AsyncCluster.builder()
                .option("basic.request.timeout", Duration.ofSeconds(5))
                .option("profiles.slow.basic.request.timeout", Duration.ofSeconds(30))
                .option("advanced.retry-policy.max-retries", 5).build()) {
            // Built without connecting.
            org.assertj.core.api.Assertions.assertThat(cluster.isClosed()).isFalse();
        }
    }

    @Test
    void tlsProtocolsAndCipherSuitesTheJdkCannotEnableFailTheBuildNamingTheSetting() throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getDefault();
        assertThatThrownBy(() -> AsyncCluster.builder().sslContext(context).sslProtocols(List.of("TLSv9")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("sslProtocols [TLSv9]")
                .extracting(e -> ((ConfigurationException) e).getSetting()).isEqualTo("sslProtocols");
        assertThatThrownBy(() -> AsyncCluster.builder().sslContext(context).sslCipherSuites(List.of("TLS_NO_SUCH"))
                .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("sslCipherSuites");
        assertThatThrownBy(() -> AsyncCluster.builder().sslProtocols(List.of("TLSv1.3")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("need an sslContext");
        AsyncCluster.builder().sslContext(context).sslProtocols(List.of("TLSv1.3", "TLSv1.2")).build().close();
    }

    @Test
    void authProviderAndCredentialsExcludeEachOther() {
        assertThatThrownBy(() -> AsyncCluster.builder().credentials("u", "p")
                .authProvider(new com.datastax.oss.driver.api.core.auth.ProgrammaticPlainTextAuthProvider("u", "p"))
                .build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not both");
    }

    @Test
    void requestsAfterShutdownFailWithConnectionException() {
        AsyncCluster cluster = AsyncCluster.builder().build();
        cluster.close();
        assertThatThrownBy(() -> cluster.connect().join())
                .hasCauseInstanceOf(io.github.asynccassandra.exceptions.ConnectionException.class);
        assertThatThrownBy(cluster::getMetadata).isInstanceOf(IllegalStateException.class);
    }
}
