package io.github.asynccassandra.observation;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class DefaultCassandraQueryObservationConventionTest {

    private final DefaultCassandraQueryObservationConvention convention = new DefaultCassandraQueryObservationConvention();

    @Test
    void highCardinalityKeysComeWhenTheRequestHasEnded() {
        CassandraQueryContext context = new CassandraQueryContext(
                SimpleStatement.newInstance("SELECT v FROM t WHERE k = 42"), "shop");

        assertThat(map(convention.getHighCardinalityKeyValues(context))).isEmpty();

        context.setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM);
        context.setPageSize(5000);
        assertThat(map(convention.getHighCardinalityKeyValues(context)))
                .containsEntry("db.query.text", "SELECT v FROM t WHERE k = ?")
                .containsEntry("cassandra.page.size", "5000")
                .containsOnlyKeys("db.query.text", "cassandra.node_error.count", "cassandra.page.size");
    }

    @Test
    void rememberedNamesAndKeyValuesFollowEachRequestsKeyspaceKindAndLevel() {
        for (int pass = 0; pass < 2; pass++) {
            for (String keyspace : new String[] {"shop", "audit", null}) {
                for (DefaultConsistencyLevel level : new DefaultConsistencyLevel[] {null, DefaultConsistencyLevel.ONE,
                        DefaultConsistencyLevel.LOCAL_QUORUM}) {
                    CassandraQueryContext select = new CassandraQueryContext(SimpleStatement.newInstance("SELECT v FROM t"),
                            keyspace);
                    CassandraQueryContext insert = new CassandraQueryContext(
                            SimpleStatement.newInstance("INSERT INTO t (k) VALUES (1)"), keyspace);
                    select.setConsistencyLevel(level);
                    insert.setConsistencyLevel(level);
                    select.setPageSize(100);
                    insert.setPageSize(100);
                    String expectedKeyspace = keyspace == null ? "unknown" : keyspace;
                    String expectedLevel = level == null ? "unknown" : level.name();
                    assertThat(convention.getContextualName(select)).isEqualTo(keyspace == null ? "SELECT"
                            : "SELECT " + keyspace);
                    assertThat(convention.getContextualName(insert)).isEqualTo(keyspace == null ? "INSERT"
                            : "INSERT " + keyspace);
                    assertThat(map(convention.getLowCardinalityKeyValues(select))).containsAllEntriesOf(Map.of(
                            "db.namespace", expectedKeyspace, "db.operation.name", "SELECT",
                            "cassandra.consistency.level", expectedLevel, "outcome", "SUCCESS"));
                    assertThat(map(convention.getLowCardinalityKeyValues(insert))).containsAllEntriesOf(Map.of(
                            "db.namespace", expectedKeyspace, "db.operation.name", "INSERT",
                            "cassandra.consistency.level", expectedLevel, "outcome", "SUCCESS"));
                }
            }
        }
    }

    @Test
    void atTheStartOnlyTheKeysKnownThenAreGivenAndAtTheEndAllOfThem() {
        CassandraQueryContext context = new CassandraQueryContext(SimpleStatement.newInstance("SELECT v FROM t"), "shop");
        assertThat(map(convention.getLowCardinalityKeyValues(context))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "db.system.name", "cassandra", "db.namespace", "shop", "db.operation.name", "SELECT"));

        context.setPageSize(5000);
        assertThat(map(convention.getLowCardinalityKeyValues(context))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "db.system.name", "cassandra", "db.namespace", "shop", "db.operation.name", "SELECT",
                "cassandra.consistency.level", "unknown", "error.type", "none", "outcome", "SUCCESS"));

        context.setConsistencyLevel(DefaultConsistencyLevel.ONE);
        context.setError(new IllegalStateException("boom"));
        assertThat(map(convention.getLowCardinalityKeyValues(context))).containsAllEntriesOf(Map.of(
                "cassandra.consistency.level", "ONE", "error.type", "IllegalStateException", "outcome", "ERROR"));

        CassandraQueryContext other = new CassandraQueryContext(SimpleStatement.newInstance("SELECT v FROM t"), null);
        other.setPageSize(5000);
        assertThat(map(convention.getLowCardinalityKeyValues(other))).containsEntry("db.namespace", "unknown")
                .containsEntry("outcome", "SUCCESS");
    }

    private static Map<String, String> map(KeyValues values) {
        return StreamSupport.stream(values.spliterator(), false)
                .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }
}
