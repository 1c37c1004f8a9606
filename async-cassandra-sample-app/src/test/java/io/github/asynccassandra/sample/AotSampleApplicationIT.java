package io.github.asynccassandra.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The sample app as Spring's ahead-of-time processing left it (the build's {@code process-aot}, the
 * step a native image is built from), started on the JVM with {@code -Dspring.aot.enabled=true}: the
 * generated bean definitions and the starter's hints hold, health is UP and a user goes in and out.
 * GraalVM's {@code native-image} is not on these machines; this is the part of that path that runs here.
 */
@EmbeddedCassandraTest
class AotSampleApplicationIT {

    @Test
    void theAotProcessedAppServesHealthAndAUserRoundTrip(EmbeddedCassandra cassandra) throws Exception {
        assertThat(Path.of("target/spring-aot/main/sources")).as("process-aot ran in this build").isDirectory();
        try (SampleAppProcess app = SampleAppProcess.start(cassandra, List.of("-Dspring.aot.enabled=true", "-cp",
                System.getProperty("java.class.path"), SampleApplication.class.getName()))) {
            JsonNode health = app.awaitHealth();
            assertThat(health.get("status").asString()).isEqualTo("UP");
            assertThat(health.get("components").get("asyncCassandra").get("status").asString()).isEqualTo("UP");
            assertThat(app.log()).contains("AOT-processed");
            app.assertAUserGoesInAndOut("Aot");
        }
    }
}
