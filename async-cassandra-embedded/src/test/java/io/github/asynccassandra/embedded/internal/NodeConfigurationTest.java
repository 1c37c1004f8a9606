package io.github.asynccassandra.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class NodeConfigurationTest {

    private static final Path DATA = Path.of("/tmp/node/data");

    @Test
    void tokensAreEvenlySpacedAroundTheRing() throws Exception {
        BigInteger first = token(1, 3);
        BigInteger second = token(2, 3);
        BigInteger third = token(3, 3);
        assertThat(first).isEqualTo(BigInteger.valueOf(Long.MIN_VALUE));
        assertThat(second.subtract(first)).isEqualTo(third.subtract(second));
        assertThat(third).isLessThan(BigInteger.valueOf(Long.MAX_VALUE));
    }

    @Test
    void vnodesAskedForInterleaveEvenlySpacedTokens() throws Exception {
        List<BigInteger> all = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            Map<String, Object> settings = NodeConfiguration.settings(node, 3, InetAddress.getLoopbackAddress(),
                    InetAddress.getLoopbackAddress(), 9042, 7000, DATA, false, null, Map.of("num_tokens", 4));
            assertThat(settings).containsEntry("num_tokens", 4);
            List<BigInteger> tokens = Arrays.stream(((String) settings.get("initial_token")).split(","))
                    .map(BigInteger::new).toList();
            assertThat(tokens).hasSize(4);
            all.addAll(tokens);
        }
        Collections.sort(all);
        BigInteger step = all.get(1).subtract(all.get(0));
        for (int i = 1; i < all.size(); i++) {
            // 2^64 does not divide evenly: a step may be one token longer.
            assertThat(all.get(i).subtract(all.get(i - 1))).isBetween(step.subtract(BigInteger.ONE),
                    step.add(BigInteger.ONE));
        }
        assertThat(all.get(0)).isEqualTo(BigInteger.valueOf(Long.MIN_VALUE));
    }

    @Test
    void extraSettingsWinAndYamlRoundTrips() throws Exception {
        InetAddress address = InetAddress.getByName("127.0.0.2");
        Map<String, Object> settings = NodeConfiguration.settings(2, 3, address, InetAddress.getByName("127.0.0.1"),
                9042, 7000, DATA, true, null, Map.of("auto_snapshot", true, "cluster_name", "mine"));
        Map<String, Object> parsed = new Yaml().load(NodeConfiguration.toYaml(settings));
        assertThat(parsed).containsEntry("auto_snapshot", true).containsEntry("cluster_name", "mine")
                .containsEntry("listen_address", "127.0.0.2").containsEntry("authenticator", "PasswordAuthenticator")
                .containsEntry("native_transport_port", 9042).doesNotContainKey("client_encryption_options");
        assertThat(parsed.get("seed_provider").toString()).contains("127.0.0.1:7000");
    }

    private static BigInteger token(int index, int count) throws Exception {
        Map<String, Object> settings = NodeConfiguration.settings(index, count, InetAddress.getLoopbackAddress(),
                InetAddress.getLoopbackAddress(), 9042, 7000, DATA, false, null, Map.of());
        return new BigInteger((String) settings.get("initial_token"));
    }
}
