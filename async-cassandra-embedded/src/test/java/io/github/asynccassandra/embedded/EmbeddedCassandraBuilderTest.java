package io.github.asynccassandra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedCassandraBuilderTest {

    @Test
    void rejectsNonsenseWithTheSettingsName() {
        assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedCassandra.builder().nodes(0))
                .withMessageContaining("nodes");
        assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedCassandra.builder().nativePort(70000))
                .withMessageContaining("nativePort");
        assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedCassandra.builder().heap("lots"))
                .withMessageContaining("heap");
        assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedCassandra.builder().version(" "))
                .withMessageContaining("version");
        assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedCassandra.builder().startupTimeout(Duration.ZERO))
                .withMessageContaining("startupTimeout");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EmbeddedCassandra.builder().nativePort(9000).storagePort(9000).build())
                .withMessageContaining("must differ");
    }

    @Test
    void nodesAreNumberedFromOneOnLoopbackAddresses() {
        EmbeddedCassandra cassandra = EmbeddedCassandra.builder().nodes(3).build();
        assertThat(cassandra.address(1).getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(cassandra.address(3).getHostAddress()).isEqualTo("127.0.0.3");
        assertThatIllegalArgumentException().isThrownBy(() -> cassandra.address(4)).withMessageContaining("1..3");
    }

    @Test
    void controlBeforeStartIsAnError() {
        EmbeddedCassandra cassandra = EmbeddedCassandra.builder().build();
        assertThatIllegalStateException().isThrownBy(() -> cassandra.pause(1)).withMessageContaining("not started");
        assertThatIllegalStateException().isThrownBy(cassandra::contactPoints).withMessageContaining("not started");
        assertThatIllegalStateException().isThrownBy(cassandra::trustStore).withMessageContaining("TLS is off");
    }
}
