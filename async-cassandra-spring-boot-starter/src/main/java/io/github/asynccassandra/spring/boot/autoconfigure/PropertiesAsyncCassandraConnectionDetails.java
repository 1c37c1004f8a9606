package io.github.asynccassandra.spring.boot.autoconfigure;

import io.github.asynccassandra.internal.ContactPoints;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.jspecify.annotations.Nullable;

/** {@link AsyncCassandraConnectionDetails} read from {@link AsyncCassandraProperties}. */
final class PropertiesAsyncCassandraConnectionDetails implements AsyncCassandraConnectionDetails {

    private final AsyncCassandraProperties properties;
    private final SslBundles sslBundles;

    PropertiesAsyncCassandraConnectionDetails(AsyncCassandraProperties properties, SslBundles sslBundles) {
        this.properties = properties;
        this.sslBundles = sslBundles;
    }

    /** Each of {@code async-cassandra.contact-points}, with its own port or else {@code async-cassandra.port}. */
    @Override
    public List<Node> getContactPoints() {
        if (properties.getPort() < 1 || properties.getPort() > 65535) {
            throw InvalidProperty.of("port", properties.getPort(), "must be between 1 and 65535");
        }
        return properties.getContactPoints().stream().map(point -> {
            InetSocketAddress address;
            try {
                address = ContactPoints.parse(point, properties.getPort());
            } catch (IllegalArgumentException e) {
                throw InvalidProperty.of("contact-points", point, e.getMessage());
            }
            return new Node(address.getHostString(), address.getPort());
        }).toList();
    }

    @Override
    public @Nullable String getLocalDatacenter() {
        return properties.getLocalDatacenter();
    }

    @Override
    public @Nullable String getUsername() {
        return properties.getUsername();
    }

    @Override
    public @Nullable String getPassword() {
        return properties.getPassword();
    }

    @Override
    public @Nullable SslBundle getSslBundle() {
        String bundle = properties.getSsl().getBundle();
        if (bundle == null || bundle.isBlank()) {
            return null;
        }
        if (sslBundles == null) {
            throw new IllegalStateException("async-cassandra.ssl.bundle is set to '" + bundle
                    + "' but no SslBundles bean exists");
        }
        return sslBundles.getBundle(bundle);
    }
}
