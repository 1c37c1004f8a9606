package io.github.asynccassandra.spring.boot.autoconfigure;

import java.util.List;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/** {@link AsyncCassandraConnectionDetails} read from {@link AsyncCassandraProperties}. */
final class PropertiesAsyncCassandraConnectionDetails implements AsyncCassandraConnectionDetails {

    private final AsyncCassandraProperties properties;
    private final SslBundles sslBundles;

    PropertiesAsyncCassandraConnectionDetails(AsyncCassandraProperties properties, SslBundles sslBundles) {
        this.properties = properties;
        this.sslBundles = sslBundles;
    }

    @Override
    public List<String> getContactPoints() {
        return properties.getContactPoints();
    }

    @Override
    public int getPort() {
        return properties.getPort();
    }

    @Override
    public String getLocalDatacenter() {
        return properties.getLocalDatacenter();
    }

    @Override
    public String getUsername() {
        return properties.getUsername();
    }

    @Override
    public String getPassword() {
        return properties.getPassword();
    }

    @Override
    public SslBundle getSslBundle() {
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
