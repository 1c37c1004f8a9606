package io.github.asynccassandra.spring.boot.autoconfigure;

import java.util.List;
import org.springframework.boot.cassandra.autoconfigure.CassandraConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.jspecify.annotations.Nullable;

/**
 * Spring Boot's {@link CassandraConnectionDetails} (from Testcontainers' {@code @ServiceConnection},
 * Docker Compose, or an application's own bean) as this starter's connection details: contact points
 * with their ports, datacenter, login and TLS.
 */
final class ServiceConnectionAsyncCassandraConnectionDetails implements AsyncCassandraConnectionDetails {

    private final CassandraConnectionDetails boot;

    ServiceConnectionAsyncCassandraConnectionDetails(CassandraConnectionDetails boot) {
        this.boot = boot;
    }

    @Override
    public List<Node> getContactPoints() {
        return boot.getContactPoints().stream().map(node -> new Node(node.host(), node.port())).toList();
    }

    @Override
    public @Nullable String getLocalDatacenter() {
        return boot.getLocalDatacenter();
    }

    @Override
    public @Nullable String getUsername() {
        return boot.getUsername();
    }

    @Override
    public @Nullable String getPassword() {
        return boot.getPassword();
    }

    @Override
    public @Nullable SslBundle getSslBundle() {
        return boot.getSslBundle();
    }
}
