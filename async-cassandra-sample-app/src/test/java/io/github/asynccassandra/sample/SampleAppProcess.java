package io.github.asynccassandra.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.embedded.EmbeddedCassandra;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample app in a JVM of its own, in its production configuration, pointed at a test's node by the
 * environment, as an operator would run it: its health, a user in and out, and a stop by SIGTERM.
 */
final class SampleAppProcess implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // HTTP/1.1, which the server speaks (the JDK client's default would offer an h2c upgrade first).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Process process;
    private final Path log;
    private final int port;

    private SampleAppProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code java <launch…> --server.port=<free>} with {@code CASSANDRA_CONTACT_POINTS} set to the
     * node; health details shown, since the production default shows them only when authorized.
     */
    static SampleAppProcess start(EmbeddedCassandra cassandra, List<String> launch) throws IOException {
        int port = freePort();
        // Kept with the build's output (for a failed run to be read), not left in the system's temp folder.
        Path log = Files.createTempFile(Files.createDirectories(Path.of("target", "sample-app-logs")), "sample-app",
                ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.addAll(launch);
        command.addAll(List.of("--server.port=" + port, "--async-cassandra.request.timeout=15s",
                "--management.endpoint.health.show-details=always"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CASSANDRA_CONTACT_POINTS", "127.0.0.1:" + cassandra.nativePort());
        builder.environment().put("CASSANDRA_LOCAL_DATACENTER", cassandra.localDatacenter());
        return new SampleAppProcess(builder.start(), log, port);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** {@code /actuator/health} once it answers 200, within 3 minutes. */
    JsonNode awaitHealth() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("The app exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/actuator/health"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body());
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The app did not report health within 3 minutes:\n" + log());
    }

    /** Creates a user and reads it back. */
    void assertAUserGoesInAndOut(String name) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("/users"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"" + name + "\", \"email\": \"someone@example.com\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asString();
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(uri("/users/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).get("name").asString()).isEqualTo(name);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Stops the app as an operator would (SIGTERM), then makes sure nothing it started is left, by pid. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
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
