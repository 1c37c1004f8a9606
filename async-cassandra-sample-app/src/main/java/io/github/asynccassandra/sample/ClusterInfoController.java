package io.github.asynccassandra.sample;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the service is connected to; the request thread never waits on Cassandra. */
@RestController
class ClusterInfoController {

    private final CqlSession session;

    ClusterInfoController(CqlSession session) {
        this.session = session;
    }

    @GetMapping("/cluster")
    CompletionStage<Map<String, String>> cluster() {
        return session.executeAsync("SELECT cluster_name, release_version, data_center FROM system.local")
                .thenApply(result -> {
                    Row row = result.one();
                    return Map.of("clusterName", row.getString("cluster_name"),
                            "releaseVersion", row.getString("release_version"),
                            "datacenter", row.getString("data_center"));
                });
    }
}
