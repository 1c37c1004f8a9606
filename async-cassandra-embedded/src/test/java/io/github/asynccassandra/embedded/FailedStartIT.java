package io.github.asynccassandra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailedStartIT {

    @Test
    void portInUseIsNamed(@TempDir Path directory) throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            EmbeddedCassandra cassandra = EmbeddedCassandra.builder().nativePort(port).storagePort(0)
                    .workingDirectory(directory).build();
            assertThatThrownBy(cassandra::start)
                    .isInstanceOf(EmbeddedCassandraException.class)
                    .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use");
            assertThat(cassandra.isStarted()).isFalse();
        }
    }

    @Test
    void invalidSettingFailsWithTheNodesLastLogLines(@TempDir Path directory) {
        EmbeddedCassandra cassandra = EmbeddedCassandra.builder().nativePort(0).storagePort(0)
                .workingDirectory(directory).yaml("no_such_setting", 1).build();
        assertThatThrownBy(cassandra::start)
                .isInstanceOf(EmbeddedCassandraException.class)
                .hasMessageContaining("Cassandra node 1")
                .hasMessageContaining("failed to start")
                .hasMessageContaining("no_such_setting");
        assertThat(cassandra.isStarted()).isFalse();
    }
}
