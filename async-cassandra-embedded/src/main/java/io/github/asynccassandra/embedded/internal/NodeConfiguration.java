package io.github.asynccassandra.embedded.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Builds the {@code cassandra.yaml} of one node: the minimal settings a node needs, tuned for
 * fast start-up in tests, then authentication, client TLS and the user's extra settings, which
 * win over everything else.
 */
public final class NodeConfiguration {

    public static final String CLUSTER_NAME = "async-cassandra-embedded";
    private static final BigInteger MIN_TOKEN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger TOKEN_RANGE = BigInteger.ONE.shiftLeft(64);

    private NodeConfiguration() {
    }

    /**
     * The settings of node {@code index} (1-based) of {@code nodeCount}.
     *
     * @param tls the TLS material when client-to-node encryption is on, otherwise {@code null}
     */
    public static Map<String, Object> settings(int index, int nodeCount, InetAddress address, InetAddress seed,
            int nativePort, int storagePort, Path dataDirectory, boolean authentication, TlsMaterial tls,
            Map<String, Object> extra) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("cluster_name", CLUSTER_NAME);
        // Evenly spaced tokens: a balanced ring without waiting for token allocation. With vnodes asked for
        // (num_tokens in the extra settings, without initial_token), the nodes' tokens interleave.
        int tokensPerNode = extra.get("num_tokens") instanceof Integer asked && asked > 1
                && !extra.containsKey("initial_token") ? asked : 1;
        List<String> tokens = new ArrayList<>();
        BigInteger slots = BigInteger.valueOf((long) nodeCount * tokensPerNode);
        for (int vnode = 0; vnode < tokensPerNode; vnode++) {
            BigInteger slot = BigInteger.valueOf(index - 1 + (long) vnode * nodeCount);
            tokens.add(MIN_TOKEN.add(TOKEN_RANGE.multiply(slot).divide(slots)).toString());
        }
        yaml.put("num_tokens", tokensPerNode);
        yaml.put("initial_token", String.join(",", tokens));
        yaml.put("partitioner", "org.apache.cassandra.dht.Murmur3Partitioner");
        yaml.put("commitlog_sync", "periodic");
        yaml.put("commitlog_sync_period", "10000ms");
        yaml.put("data_file_directories", List.of(dataDirectory.resolve("data").toString()));
        yaml.put("commitlog_directory", dataDirectory.resolve("commitlog").toString());
        yaml.put("saved_caches_directory", dataDirectory.resolve("saved_caches").toString());
        yaml.put("hints_directory", dataDirectory.resolve("hints").toString());
        yaml.put("cdc_raw_directory", dataDirectory.resolve("cdc_raw").toString());
        yaml.put("seed_provider", List.of(Map.of(
                "class_name", "org.apache.cassandra.locator.SimpleSeedProvider",
                "parameters", List.of(Map.of("seeds", seed.getHostAddress() + ":" + storagePort)))));
        yaml.put("listen_address", address.getHostAddress());
        yaml.put("rpc_address", address.getHostAddress());
        yaml.put("storage_port", storagePort);
        yaml.put("native_transport_port", nativePort);
        yaml.put("start_native_transport", true);
        yaml.put("endpoint_snitch", "SimpleSnitch");
        yaml.put("auto_bootstrap", false);
        // Tests drop and truncate tables often; snapshots would only cost time and disk.
        yaml.put("auto_snapshot", false);
        if (authentication) {
            yaml.put("authenticator", "PasswordAuthenticator");
            yaml.put("authorizer", "CassandraAuthorizer");
            yaml.put("role_manager", "CassandraRoleManager");
        }
        if (tls != null) {
            Map<String, Object> encryption = new LinkedHashMap<>();
            encryption.put("enabled", true);
            encryption.put("optional", false);
            encryption.put("keystore", tls.keyStore().toString());
            encryption.put("keystore_password", tls.password());
            encryption.put("truststore", tls.trustStore().toString());
            encryption.put("truststore_password", tls.password());
            encryption.put("store_type", TlsMaterial.STORE_TYPE);
            encryption.put("require_client_auth", false);
            yaml.put("client_encryption_options", encryption);
        }
        yaml.putAll(extra);
        return yaml;
    }

    /** Renders settings as YAML text. */
    public static String toYaml(Map<String, Object> settings) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(settings);
    }

    /** A logback configuration that sends the node's log, at INFO, to its standard output. */
    public static String logbackXml() {
        return """
                <configuration>
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """;
    }
}
