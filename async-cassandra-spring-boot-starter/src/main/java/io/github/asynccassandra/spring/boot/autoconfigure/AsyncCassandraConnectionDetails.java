package io.github.asynccassandra.spring.boot.autoconfigure;

import java.util.List;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where to connect and as whom. By default it comes from {@code async-cassandra.*}; a bean of this type
 * replaces those properties, so tests, the embedded node or a service-connection factory can supply it.
 */
public interface AsyncCassandraConnectionDetails extends ConnectionDetails {

    /** Hosts to contact first, as names or IP addresses. */
    List<String> getContactPoints();

    /** CQL port of the contact points. */
    int getPort();

    /** Datacenter whose nodes serve requests, or {@code null} to discover it from the contact points. */
    default String getLocalDatacenter() {
        return null;
    }

    /** Login user name, or {@code null} when the cluster needs no login. */
    default String getUsername() {
        return null;
    }

    /** Login password, or {@code null}. */
    default String getPassword() {
        return null;
    }

    /** TLS material, or {@code null} for a plain-text connection. */
    default SslBundle getSslBundle() {
        return null;
    }
}
