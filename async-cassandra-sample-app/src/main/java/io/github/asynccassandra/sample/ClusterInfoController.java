package io.github.asynccassandra.sample;

import io.github.asynccassandra.AsyncCassandraSession;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the service is connected to; the request thread never waits on Cassandra. */
@RestController
class ClusterInfoController {

    private final AsyncCassandraSession session;

    ClusterInfoController(AsyncCassandraSession session) {
        this.session = session;
    }

    @GetMapping("/cluster")
    CompletableFuture<Map<String, String>> cluster() {
        return session.execute("SELECT cluster_name, release_version, data_center FROM system.local")
                .thenApply(rows -> {
                    var row = rows.one();
                    return Map.of("clusterName", row.getString("cluster_name"),
                            "releaseVersion", row.getString("release_version"),
                            "datacenter", row.getString("data_center"));
                });
    }
}
