package io.github.asynccassandra.spring.boot.autoconfigure;

import io.github.asynccassandra.embedded.EmbeddedCassandra;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.jspecify.annotations.Nullable;

/** Connects to the embedded Cassandra: its addresses, port, datacenter, and login and TLS when enabled. */
final class EmbeddedCassandraConnectionDetails implements AsyncCassandraConnectionDetails {

    private final EmbeddedCassandra cassandra;

    EmbeddedCassandraConnectionDetails(EmbeddedCassandra cassandra) {
        this.cassandra = cassandra;
    }

    @Override
    public List<Node> getContactPoints() {
        return cassandra.contactPoints().stream()
                .map(address -> new Node(address.getAddress().getHostAddress(), address.getPort())).toList();
    }

    @Override
    public @Nullable String getLocalDatacenter() {
        return cassandra.localDatacenter();
    }

    @Override
    public @Nullable String getUsername() {
        return cassandra.isAuthenticationEnabled() ? cassandra.username() : null;
    }

    @Override
    public @Nullable String getPassword() {
        return cassandra.isAuthenticationEnabled() ? cassandra.password() : null;
    }

    @Override
    public @Nullable SslBundle getSslBundle() {
        if (!cassandra.isClientTlsEnabled()) {
            return null;
        }
        try (InputStream in = Files.newInputStream(cassandra.trustStore())) {
            KeyStore trustStore = KeyStore.getInstance(cassandra.trustStoreType());
            trustStore.load(in, cassandra.trustStorePassword().toCharArray());
            return SslBundle.of(SslStoreBundle.of(null, null, trustStore));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedded node's trust store", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the embedded node's trust store", e);
        }
    }
}
