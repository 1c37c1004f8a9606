package io.github.asynccassandra.embedded.internal;

import io.github.asynccassandra.embedded.EmbeddedCassandraException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed server certificate for the nodes (valid for {@code localhost} and every node
 * address, so clients can keep hostname verification on) and the matching client trust store.
 * Made with the JDK's own {@code keytool}, so no crypto library is needed.
 */
public final class TlsMaterial {

    public static final String STORE_TYPE = "PKCS12";
    private static final String ALIAS = "embedded-cassandra";

    private final Path keyStore;
    private final Path trustStore;
    private final String password;

    private TlsMaterial(Path keyStore, Path trustStore, String password) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.password = password;
    }

    /** Generates a key store and a trust store in {@code directory}. */
    public static TlsMaterial generate(Path directory, List<InetAddress> nodeAddresses) {
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path keyStore = directory.resolve("node-keystore.p12");
        Path certificate = directory.resolve("node.crt");
        Path trustStore = directory.resolve("client-truststore.p12");
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(keyStore);
            Files.deleteIfExists(trustStore);
            String subjectAlternativeNames = "SAN=dns:localhost," + nodeAddresses.stream()
                    .map(a -> "ip:" + a.getHostAddress()).collect(Collectors.joining(","));
            keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=localhost, OU=async-cassandra embedded", "-ext", subjectAlternativeNames,
                    "-keystore", keyStore.toString(), "-storetype", STORE_TYPE,
                    "-storepass", password, "-keypass", password);
            keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(),
                    "-storetype", STORE_TYPE, "-storepass", password, "-file", certificate.toString());
            keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", certificate.toString(),
                    "-keystore", trustStore.toString(), "-storetype", STORE_TYPE, "-storepass", password);
        } catch (IOException e) {
            throw new EmbeddedCassandraException("Cannot write TLS material to " + directory, e);
        }
        return new TlsMaterial(keyStore, trustStore, password);
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new EmbeddedCassandraException("keytool " + arguments[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new EmbeddedCassandraException("Interrupted while generating TLS material", e);
        }
    }

    public Path keyStore() {
        return keyStore;
    }

    public Path trustStore() {
        return trustStore;
    }

    public String password() {
        return password;
    }

    /** An SSL context that trusts the nodes' certificate. */
    public SSLContext clientSslContext() {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance(STORE_TYPE);
            store.load(in, password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new EmbeddedCassandraException("Cannot load the trust store " + trustStore, e);
        }
    }
}
