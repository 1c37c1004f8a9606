package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.config.DriverOption;
import com.datastax.oss.driver.api.core.config.OptionsMap;
import com.datastax.oss.driver.api.core.config.TypedDriverOption;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import io.github.asynccassandra.internal.ClusterSettings;
import io.github.asynccassandra.retry.AsyncRetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
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
        Map<String, Object> differences = new TreeMap<>();
        try (AsyncCluster cluster = AsyncCluster.builder().localDatacenter("dc1").build();
             DriverConfigLoader written = settingsOf(cluster).newConfigLoader();
             DriverConfigLoader driver = DriverConfigLoader.fromMap(OptionsMap.driverDefaults())) {
            DriverExecutionProfile ours = written.getInitialConfig().getDefaultProfile();
            DriverExecutionProfile theirs = driver.getInitialConfig().getDefaultProfile();
            for (TypedDriverOption<?> option : TypedDriverOption.builtInValues()) {
                if (option.getRawOption() == DefaultDriverOption.CONFIG_RELOAD_INTERVAL) {
                    // The map-based loader behind driverDefaults() cannot reload, so it says 0; not written by us.
                    continue;
                }
                Object value = read(ours, option);
                if (!Objects.equals(value, read(theirs, option))) {
                    differences.put(option.getRawOption().getPath(), value);
                }
            }
        }
        assertThat(differences).as("options that differ from the driver's defaults").containsOnlyKeys(
                DefaultDriverOption.RETRY_POLICY_CLASS.getPath(), DefaultDriverOption.REQUEST_WARN_IF_SET_KEYSPACE.getPath(),
                // Set by this test.
                DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER.getPath())
                .containsEntry(DefaultDriverOption.RETRY_POLICY_CLASS.getPath(), AsyncRetryPolicy.class.getName())
                .containsEntry(DefaultDriverOption.REQUEST_WARN_IF_SET_KEYSPACE.getPath(), false);
        assertThat(ClusterSettings.LIBRARY_OWNED_OPTIONS).contains(DefaultDriverOption.RETRY_POLICY_CLASS.getPath(),
                DefaultDriverOption.REQUEST_WARN_IF_SET_KEYSPACE.getPath());
    }

    /** An option's value as the driver reads it, or {@code null} when the profile has none. */
    private static Object read(DriverExecutionProfile profile, TypedDriverOption<?> typed) {
        DriverOption option = typed.getRawOption();
        if (!profile.isDefined(option)) {
            return null;
        }
        GenericType<?> type = typed.getExpectedType();
        try {
            if (type.equals(GenericType.DURATION)) {
                return profile.getDuration(option);
            }
            if (type.equals(GenericType.INTEGER)) {
                return profile.getInt(option);
            }
            if (type.equals(GenericType.BOOLEAN)) {
                return profile.getBoolean(option);
            }
            if (type.equals(GenericType.LONG)) {
                return profile.getBytes(option);
            }
            if (type.equals(GenericType.DOUBLE)) {
                return profile.getDouble(option);
            }
            if (type.equals(GenericType.listOf(String.class))) {
                return profile.getStringList(option);
            }
            if (type.equals(GenericType.mapOf(String.class, String.class))) {
                return profile.getStringMap(option);
            }
            return profile.getString(option);
        } catch (RuntimeException e) {
            return String.valueOf(profile.getString(option));
        }
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

    private static ClusterSettings settingsOf(AsyncCluster cluster) {
        return cluster.settings();
    }
}
