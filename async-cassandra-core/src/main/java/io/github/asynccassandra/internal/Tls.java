package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.metadata.EndPoint;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import com.datastax.oss.driver.api.core.ssl.SslEngineFactory;
import io.github.asynccassandra.exceptions.ConfigurationException;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Client-to-node TLS: the context, whether server hostnames are checked, and the protocols and cipher
 * suites to enable ({@code null} for the JDK's defaults).
 */
public record Tls(SSLContext context, boolean hostnameValidation, List<String> protocols, List<String> cipherSuites) {

    /**
     * Checks the protocols and cipher suites against the context, so that a name the JDK does not know
     * fails here, naming the setting, rather than at every connection attempt.
     *
     * @throws ConfigurationException naming {@code sslProtocols} or {@code sslCipherSuites}
     */
    public Tls {
        protocols = protocols == null ? null : List.copyOf(protocols);
        cipherSuites = cipherSuites == null ? null : List.copyOf(cipherSuites);
        SSLEngine probe = context.createSSLEngine();
        if (protocols != null) {
            try {
                probe.setEnabledProtocols(protocols.toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("sslProtocols " + protocols + " cannot be enabled: " + e.getMessage(),
                        "sslProtocols", e);
            }
        }
        if (cipherSuites != null) {
            try {
                probe.setEnabledCipherSuites(cipherSuites.toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("sslCipherSuites " + cipherSuites + " cannot be enabled: "
                        + e.getMessage(), "sslCipherSuites", e);
            }
        }
    }

    /** The driver's engine factory for these settings. */
    public SslEngineFactory engineFactory() {
        SslEngineFactory engines = new ProgrammaticSslEngineFactory(context,
                cipherSuites == null ? null : cipherSuites.toArray(String[]::new), hostnameValidation);
        if (protocols == null) {
            return engines;
        }
        String[] enabled = protocols.toArray(String[]::new);
        return new SslEngineFactory() {
            @Override
            public SSLEngine newSslEngine(EndPoint remoteEndpoint) {
                SSLEngine engine = engines.newSslEngine(remoteEndpoint);
                engine.setEnabledProtocols(enabled);
                return engine;
            }

            @Override
            public void close() throws Exception {
                engines.close();
            }
        };
    }
}
