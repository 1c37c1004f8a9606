package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.config.OptionsMap;
import io.github.asynccassandra.internal.ClusterSettings;
import io.github.asynccassandra.retry.AsyncRetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Each default is written once: a cluster built with no settings puts nothing into the driver's
 * configuration but the values this library owns, so every other option is the driver's own default (or
 * the application's {@code application.conf}); and the core's documented defaults are its constants.
 */
class DefaultsTest {

    @Test
    void anUnconfiguredClusterLeavesEveryDriverOptionButItsOwnAtTheDriversDefault() {
        Map<String, Object> written = profile(AsyncCluster.builder().localDatacenter("dc1"));
        Map<String, Object> driver = profile(DriverConfigLoader.fromMap(OptionsMap.driverDefaults()));
        Map<String, Object> differences = new TreeMap<>();
        written.forEach((path, value) -> {
            if (!value.equals(driver.get(path))) {
                differences.put(path, value);
            }
        });
        driver.keySet().stream().filter(path -> !written.containsKey(path))
                .forEach(path -> differences.put(path, "(missing)"));
        assertThat(differences).as("options that differ from the driver's defaults").containsOnlyKeys(
                ClusterSettings.LIBRARY_OWNED_OPTIONS.stream()
                        .filter(path -> !path.equals(DefaultDriverOption.LOAD_BALANCING_POLICY_CLASS.getPath()))
                        .toArray(String[]::new))
                .containsEntry(DefaultDriverOption.RETRY_POLICY_CLASS.getPath(), AsyncRetryPolicy.class.getName())
                .containsEntry(DefaultDriverOption.REQUEST_WARN_IF_SET_KEYSPACE.getPath(), false);
    }

    @Test
    void aSettingIsWrittenOnlyOnceItIsSet() {
        try (AsyncCluster cluster = AsyncCluster.builder().localDatacenter("dc1")
                .controlConnectionTimeout(Duration.ofSeconds(3)).statusEventRefreshWindow(Duration.ofMillis(500))
                .maxRetries(5).build();
             DriverConfigLoader loader = settingsOf(cluster).newConfigLoader()) {
            DriverExecutionProfile profile = loader.getInitialConfig().getDefaultProfile();
            assertThat(profile.getDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT))
                    .isEqualTo(Duration.ofSeconds(3));
            assertThat(profile.getDuration(DefaultDriverOption.METADATA_TOPOLOGY_WINDOW))
                    .isEqualTo(Duration.ofMillis(500));
            assertThat(profile.getInt(AsyncRetryPolicy.MAX_RETRIES_OPTION)).isEqualTo(5);
        }
    }

    @Test
    void theCoresDocumentedDefaultsAreItsConstants() {
        assertThat(AsyncCluster.DEFAULT_EXECUTOR_THREADS).isEqualTo(2);
        assertThat(AsyncCluster.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
        assertThat(AsyncCluster.DEFAULT_MAX_QUEUED_REQUESTS).isEqualTo(10_000);
        assertThat(AsyncCassandraSession.DEFAULT_DDL_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
        assertThat(AsyncRetryPolicy.DEFAULT_MAX_RETRIES).isEqualTo(3);
        // The retry policy applies its own default when the option is unset.
        assertThat(new AsyncRetryPolicy(AsyncRetryPolicy.DEFAULT_MAX_RETRIES).getMaxRetries()).isEqualTo(3);
    }

    private static Map<String, Object> profile(AsyncCluster.Builder builder) {
        try (AsyncCluster cluster = builder.build()) {
            return profile(settingsOf(cluster).newConfigLoader());
        }
    }

    private static Map<String, Object> profile(DriverConfigLoader loader) {
        try (loader) {
            DriverExecutionProfile profile = loader.getInitialConfig().getDefaultProfile();
            Map<String, Object> values = new TreeMap<>();
            profile.entrySet().forEach(entry -> values.put(entry.getKey(), entry.getValue()));
            return values;
        }
    }

    private static ClusterSettings settingsOf(AsyncCluster cluster) {
        return cluster.settings();
    }
}
