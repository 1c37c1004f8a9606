package io.github.asynccassandra.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "async-cassandra.embedded.working-directory=target/it-cassandra"})
class SampleApplicationIT {

    @LocalServerPort
    int port;

    @Test
    void reportsTheRealClusterOverHttp() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/cluster")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"releaseVersion\":\"5.0.9\"").contains("datacenter1");
    }

    @Test
    void healthShowsTheAsyncCassandraIndicator() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"asyncCassandra\":{\"details\":{\"clusterName\"")
                .contains("\"releaseVersion\":\"5.0.9\"").contains("\"nodesUp\":1,\"nodesDown\":0")
                .endsWith("\"status\":\"UP\"}");
    }
}
