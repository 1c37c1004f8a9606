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
    void beforeTheEndOnlyTheQueryTextIsGivenAsAHighCardinalityKey() {
        CassandraQueryContext context = new CassandraQueryContext(
                SimpleStatement.newInstance("SELECT v FROM t WHERE k = 42"), "shop");

        assertThat(map(convention.getHighCardinalityKeyValues(context)))
                .containsExactly(Map.entry("db.query.text", "SELECT v FROM t WHERE k = ?"));

        context.setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM);
        context.setPageSize(5000);
        assertThat(map(convention.getHighCardinalityKeyValues(context))).containsOnlyKeys("db.query.text",
                "cassandra.node_error.count", "cassandra.page.size");
    }

    @Test
    void lowCardinalityKeysFollowTheContextWhateverWasRememberedBefore() {
        CassandraQueryContext context = new CassandraQueryContext(SimpleStatement.newInstance("SELECT v FROM t"), "shop");
        assertThat(map(convention.getLowCardinalityKeyValues(context))).containsAllEntriesOf(Map.of(
                "db.system.name", "cassandra", "db.namespace", "shop", "db.operation.name", "SELECT",
                "cassandra.consistency.level", "unknown", "error.type", "none", "outcome", "SUCCESS"));

        context.setConsistencyLevel(DefaultConsistencyLevel.ONE);
        context.setError(new IllegalStateException("boom"));
        assertThat(map(convention.getLowCardinalityKeyValues(context))).containsAllEntriesOf(Map.of(
                "cassandra.consistency.level", "ONE", "error.type", "IllegalStateException", "outcome", "ERROR"));

        CassandraQueryContext other = new CassandraQueryContext(SimpleStatement.newInstance("SELECT v FROM t"), null);
        assertThat(map(convention.getLowCardinalityKeyValues(other))).containsEntry("db.namespace", "unknown")
                .containsEntry("outcome", "SUCCESS");
    }

    private static Map<String, String> map(KeyValues values) {
        return StreamSupport.stream(values.spliterator(), false)
                .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }
}
