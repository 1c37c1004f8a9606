package io.github.asynccassandra.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import java.io.File;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The production artifact: {@code ./mvnw package} makes an executable jar, without the embedded node in
 * it, that runs with {@code java -jar} against a cluster given by the environment.
 */
@EmbeddedCassandraTest
class PackagedJarIT {

    @Test
    void theExecutableJarRunsAgainstAClusterGivenByTheEnvironment(EmbeddedCassandra cassandra) throws Exception {
        File[] jars = Path.of("target").toFile().listFiles((dir, name) -> name.matches(
                "async-cassandra-sample-app-[^-]+(-SNAPSHOT)?\\.jar"));
        assertThat(jars).as("the executable jar, built by package").hasSize(1);
        try (JarFile jar = new JarFile(jars[0])) {
            List<String> libraries = Collections.list(jar.entries()).stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("BOOT-INF/lib/")).toList();
            assertThat(libraries).as("the starter is inside").anyMatch(name -> name.contains("spring-boot-starter"))
                    .as("no embedded node, no Cassandra server jars")
                    .noneMatch(name -> name.contains("async-cassandra-embedded") || name.contains("cassandra-all"));
        }
        try (SampleAppProcess app = SampleAppProcess.start(cassandra, List.of("-jar", jars[0].getAbsolutePath()))) {
            JsonNode health = app.awaitHealth();
            assertThat(health.get("status").asString()).isEqualTo("UP");
            app.assertAUserGoesInAndOut("Packaged");
        }
    }
}
