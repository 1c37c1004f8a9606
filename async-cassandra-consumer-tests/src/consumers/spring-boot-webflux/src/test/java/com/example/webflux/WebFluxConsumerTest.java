package com.example.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The context starts, health is UP, and a request served over HTTP counts in the starter's meters. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoint.health.show-details=always")
class WebFluxConsumerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void healthIsUpAndAQueryCountsInTheMeters() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(health.body());
        assertThat(body.get("status").asString()).isEqualTo("UP");
        assertThat(body.get("components").get("asyncCassandra").get("status").asString()).isEqualTo("UP");

        HttpResponse<String> release = get("/release");
        assertThat(release.statusCode()).isEqualTo(200);
        assertThat(release.body()).startsWith("5.");

        // The meters are recorded when the request ends, which can be just after the response was written.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (selects() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(selects()).isGreaterThanOrEqualTo(1);
    }

    private double selects() {
        Counter counter = meters.find("cassandra.queries").tag("query_type", "select").tag("success", "success")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
