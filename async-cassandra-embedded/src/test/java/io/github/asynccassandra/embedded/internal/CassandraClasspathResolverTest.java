package io.github.asynccassandra.embedded.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asynccassandra.embedded.EmbeddedCassandraException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maven settings are honoured: proved with repositories that cannot serve the artifact. */
class CassandraClasspathResolverTest {

    @Test
    void offlineWithAnEmptyLocalRepositoryFailsClearly(@TempDir Path directory) throws Exception {
        Path settings = Files.writeString(directory.resolve("settings.xml"), """
                <settings>
                  <localRepository>%s</localRepository>
                  <offline>true</offline>
                </settings>
                """.formatted(directory.resolve("empty-repository")));
        assertThatThrownBy(() -> new CassandraClasspathResolver(settings, null).resolve("5.0.9"))
                .isInstanceOf(EmbeddedCassandraException.class)
                .hasMessageContaining("org.apache.cassandra:cassandra-all:5.0.9")
                .hasMessageContaining("offline");
    }

    @Test
    void mirrorFromSettingsIsUsed(@TempDir Path directory) throws Exception {
        Path mirror = Files.createDirectories(directory.resolve("mirror"));
        Path settings = Files.writeString(directory.resolve("settings.xml"), """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror><id>only-mirror</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(directory.resolve("empty-repository"), mirror.toUri()));
        assertThatThrownBy(() -> new CassandraClasspathResolver(settings, null).resolve("5.0.9"))
                .isInstanceOf(EmbeddedCassandraException.class)
                .hasMessageContaining("only-mirror");
    }
}
