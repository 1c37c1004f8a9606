package io.github.asynccassandra.spring.boot.autoconfigure;

import io.github.asynccassandra.internal.ContactPoints;
import java.util.List;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.jspecify.annotations.Nullable;

/**
 * Where to connect and as whom. By default it comes from {@code async-cassandra.*}; a bean of this type
 * replaces those properties, so tests, the embedded node or a service-connection factory can supply it.
 */
public interface AsyncCassandraConnectionDetails extends ConnectionDetails {

    /** {@return nodes to contact first, each with its CQL port} */
    List<Node> getContactPoints();

    /**
     * {@return datacenter whose nodes serve requests, or {@code null} to discover it from the contact points}
     */
    default @Nullable String getLocalDatacenter() {
        return null;
    }

    /** {@return login user name, or {@code null} when the cluster needs no login} */
    default @Nullable String getUsername() {
        return null;
    }

    /** {@return login password, or {@code null}} */
    default @Nullable String getPassword() {
        return null;
    }

    /** {@return TLS material, or {@code null} for a plain-text connection} */
    default @Nullable SslBundle getSslBundle() {
        return null;
    }

    /**
     * A node to contact.
     *
     * @param host its name or IP address
     * @param port its CQL port
     */
    record Node(String host, int port) {

        /** {@code host:port}, with brackets around an IPv6 address. */
        @Override
        public String toString() {
            return ContactPoints.format(host, port);
        }
    }
}
