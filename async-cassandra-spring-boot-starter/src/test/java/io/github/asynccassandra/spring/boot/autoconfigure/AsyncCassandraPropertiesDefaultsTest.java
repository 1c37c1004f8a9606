package io.github.asynccassandra.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.config.OptionsMap;
import com.datastax.oss.driver.api.core.config.TypedDriverOption;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.retry.AsyncRetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

/**
 * Each default is written once, as Spring Boot's {@code CassandraPropertiesTests} checks its own: the
 * defaults the metadata documents are the driver's ({@link OptionsMap#driverDefaults()}) for driver options,
 * which the starter leaves unset, and the core's constants for the library's own settings.
 */
class AsyncCassandraPropertiesDefaultsTest {

    private static final OptionsMap DRIVER = OptionsMap.driverDefaults();

    @Test
    void documentedDefaultsOfDriverOptionsAreTheDriversAndNothingIsSetUnlessConfigured() throws IOException {
        Map<String, JsonNode> metadata = metadataDefaults();
        assertThat(duration(metadata, "request.timeout")).isEqualTo(DRIVER.get(TypedDriverOption.REQUEST_TIMEOUT));
        assertThat(level(metadata, "request.consistency")).isEqualTo(DRIVER.get(TypedDriverOption.REQUEST_CONSISTENCY));
        assertThat(level(metadata, "request.serial-consistency"))
                .isEqualTo(DRIVER.get(TypedDriverOption.REQUEST_SERIAL_CONSISTENCY));
        assertThat(metadata.get("request.page-size").asInt()).isEqualTo(DRIVER.get(TypedDriverOption.REQUEST_PAGE_SIZE));
        assertThat(duration(metadata, "max-schema-agreement-wait"))
                .isEqualTo(DRIVER.get(TypedDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT));
        assertThat(duration(metadata, "control-connection-timeout"))
                .isEqualTo(DRIVER.get(TypedDriverOption.CONTROL_CONNECTION_TIMEOUT));
        assertThat(duration(metadata, "idle-heartbeat-interval")).isEqualTo(DRIVER.get(TypedDriverOption.HEARTBEAT_INTERVAL));
        assertThat(duration(metadata, "schema-event-refresh-window"))
                .isEqualTo(DRIVER.get(TypedDriverOption.METADATA_SCHEMA_WINDOW));
        assertThat(duration(metadata, "topology-event-refresh-window"))
                .isEqualTo(DRIVER.get(TypedDriverOption.METADATA_TOPOLOGY_WINDOW));
        assertThat(duration(metadata, "status-event-refresh-window"))
                .isEqualTo(DRIVER.get(TypedDriverOption.METADATA_TOPOLOGY_WINDOW));

        AsyncCassandraProperties unset = new AsyncCassandraProperties();
        assertThat(unset.getRequest().getTimeout()).isNull();
        assertThat(unset.getRequest().getConsistency()).isNull();
        assertThat(unset.getRequest().getSerialConsistency()).isNull();
        assertThat(unset.getRequest().getPageSize()).isNull();
        assertThat(unset.getMaxSchemaAgreementWait()).isNull();
        assertThat(unset.getControlConnectionTimeout()).isNull();
        assertThat(unset.getIdleHeartbeatInterval()).isNull();
        assertThat(unset.getSchemaEventRefreshWindow()).isNull();
        assertThat(unset.getTopologyEventRefreshWindow()).isNull();
        assertThat(unset.getStatusEventRefreshWindow()).isNull();
        assertThat(unset.getRetry().getMaxRetries()).isNull();
    }

    @Test
    void documentedDefaultsOfTheLibrarysSettingsAreTheCoresConstants() throws IOException {
        Map<String, JsonNode> metadata = metadataDefaults();
        AsyncCassandraProperties unset = new AsyncCassandraProperties();
        assertThat(metadata.get("retry.max-retries").asInt()).isEqualTo(AsyncRetryPolicy.DEFAULT_MAX_RETRIES);
        assertThat(metadata.get("executor-threads").asInt()).isEqualTo(AsyncCluster.DEFAULT_EXECUTOR_THREADS)
                .isEqualTo(unset.getExecutorThreads());
        assertThat(metadata.get("complete-on-caller-event-loop").asBoolean())
                .isEqualTo(AsyncCluster.DEFAULT_COMPLETE_ON_CALLER_EVENT_LOOP)
                .isEqualTo(unset.isCompleteOnCallerEventLoop());
        assertThat(duration(metadata, "connect-timeout")).isEqualTo(AsyncCluster.DEFAULT_CONNECT_TIMEOUT)
                .isEqualTo(unset.getConnectTimeout());
        assertThat(duration(metadata, "ddl-timeout")).isEqualTo(AsyncCassandraSession.DEFAULT_DDL_TIMEOUT)
                .isEqualTo(unset.getDdlTimeout());
        assertThat(metadata.get("request.max-queued-requests").asInt())
                .isEqualTo(AsyncCluster.DEFAULT_MAX_QUEUED_REQUESTS).isEqualTo(unset.getRequest().getMaxQueuedRequests());
    }

    private static Duration duration(Map<String, JsonNode> metadata, String property) {
        assertThat(metadata).as("documented default of %s", property).containsKey(property);
        return DurationStyle.detectAndParse(metadata.get(property).asText());
    }

    private static String level(Map<String, JsonNode> metadata, String property) {
        return metadata.get(property).asText().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Defaults by property name (without the prefix), as the configuration processor published them. */
    private static Map<String, JsonNode> metadataDefaults() throws IOException {
        Map<String, JsonNode> defaults = new HashMap<>();
        try (InputStream in = AsyncCassandraPropertiesDefaultsTest.class
                .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("metadata generated by the configuration processor").isNotNull();
            for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
                if (property.has("defaultValue")) {
                    defaults.put(property.get("name").asText().substring(AsyncCassandraProperties.PREFIX.length() + 1),
                            property.get("defaultValue"));
                }
            }
        }
        return defaults;
    }
}
