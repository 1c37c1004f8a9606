package io.github.asynccassandra.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample app as Spring's ahead-of-time processing left it (the build's {@code process-aot}, the
 * step a native image is built from), started on the JVM with {@code -Dspring.aot.enabled=true}: the
 * generated bean definitions and the starter's hints hold, health is UP and a user goes in and out.
 * GraalVM's {@code native-image} is not on these machines; this is the part of that path that runs here.
 */
class AotSampleApplicationIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theAotProcessedAppServesHealthAndAUserRoundTrip() throws Exception {
        assertThat(Path.of("target/spring-aot/main/sources")).as("process-aot ran in this build").isDirectory();
        int port = freePort();
        Path log = Files.createTempFile("aot-sample", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dspring.aot.enabled=true", "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                SampleApplication.class.getName(), "--server.port=" + port,
                // A fresh node whose data is deleted when it stops, as in SampleApplicationIT.
                "--async-cassandra.embedded.working-directory=", "--async-cassandra.embedded.heap=768m",
                "--async-cassandra.request.timeout=15s"));
        Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            JsonNode health = awaitHealth(port, app, log);
            assertThat(health.get("status").asString()).isEqualTo("UP");
            assertThat(health.get("components").get("asyncCassandra").get("status").asString()).isEqualTo("UP");
            assertThat(Files.readString(log)).contains("AOT-processed");

            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/users")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\": \"Aot\", \"email\": \"aot@example.com\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = JSON.readTree(created.body()).get("id").asString();
            HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/users/" + id)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(read.body()).get("name").asString()).isEqualTo("Aot");
        } finally {
            stop(app);
        }
    }

    private JsonNode awaitHealth(int port, Process app, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("The AOT-processed app exited with " + app.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/actuator/health")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body());
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The AOT-processed app did not report health within 3 minutes:\n"
                + Files.readString(log));
    }

    /**
     * Stops the app as an operator would (SIGTERM: its shutdown stops the Cassandra node it started), then
     * makes sure no process it started is left, by process id.
     */
    private static void stop(Process app) throws InterruptedException {
        List<ProcessHandle> children = app.descendants().toList();
        app.destroy();
        if (!app.waitFor(90, TimeUnit.SECONDS)) {
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        assertThat(children).as("processes the app started").noneMatch(ProcessHandle::isAlive);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
