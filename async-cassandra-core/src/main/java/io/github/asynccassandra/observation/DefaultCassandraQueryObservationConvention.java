package io.github.asynccassandra.observation;

import com.datastax.oss.driver.api.core.metadata.Node;
import io.github.asynccassandra.internal.Nodes;
import io.github.asynccassandra.internal.Statements;
import io.github.asynccassandra.metrics.QueryFingerprint;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.net.InetSocketAddress;

/**
 * The default names of a {@code cassandra.query} observation, after OpenTelemetry's semantic
 * conventions for database client spans. Low-cardinality keys (fit for metric tags):
 * {@value #DB_SYSTEM} ({@code cassandra}), {@value #DB_NAMESPACE} (keyspace), {@value #DB_OPERATION}
 * ({@code SELECT}, {@code INSERT}, …), {@value #CONSISTENCY_LEVEL}, {@value #ERROR_TYPE} (the exception's
 * simple name, {@code none} on success) and {@value #OUTCOME} ({@code SUCCESS} or {@code ERROR}).
 * High-cardinality keys (for traces only): {@value #QUERY_TEXT} (literals replaced by {@code ?}, never
 * bound values), {@value #SERVER_ADDRESS} and {@value #SERVER_PORT} of the coordinator,
 * {@value #SPECULATIVE_EXECUTIONS}, {@value #NODE_ERRORS} and {@value #PAGE_SIZE}. The contextual name (the
 * span's name) is {@code "<operation> <keyspace>"}, such as {@code "SELECT shop"}.
 */
public class DefaultCassandraQueryObservationConvention implements CassandraQueryObservationConvention {

    /** Name of the observation, and of the timer Micrometer derives from it. */
    public static final String NAME = "cassandra.query";
    public static final String DB_SYSTEM = "db.system.name";
    public static final String DB_NAMESPACE = "db.namespace";
    public static final String DB_OPERATION = "db.operation.name";
    public static final String CONSISTENCY_LEVEL = "cassandra.consistency.level";
    public static final String ERROR_TYPE = "error.type";
    public static final String OUTCOME = "outcome";
    public static final String QUERY_TEXT = "db.query.text";
    public static final String SERVER_ADDRESS = "server.address";
    public static final String SERVER_PORT = "server.port";
    public static final String SPECULATIVE_EXECUTIONS = "cassandra.speculative_execution.count";
    public static final String NODE_ERRORS = "cassandra.node_error.count";
    public static final String PAGE_SIZE = "cassandra.page.size";

    private static final String UNKNOWN = "unknown";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(CassandraQueryContext context) {
        String operation = context.getKind().name();
        return context.getKeyspace() == null ? operation : operation + " " + context.getKeyspace();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(CassandraQueryContext context) {
        Throwable error = context.getError();
        return KeyValues.of(KeyValue.of(DB_SYSTEM, "cassandra"),
                KeyValue.of(DB_NAMESPACE, context.getKeyspace() == null ? UNKNOWN : context.getKeyspace()),
                KeyValue.of(DB_OPERATION, context.getKind().name()),
                KeyValue.of(CONSISTENCY_LEVEL, context.getConsistencyLevel() == null ? UNKNOWN
                        : context.getConsistencyLevel().name()),
                KeyValue.of(ERROR_TYPE, error == null ? "none" : error.getClass().getSimpleName()),
                KeyValue.of(OUTCOME, error == null ? "SUCCESS" : "ERROR"));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(CassandraQueryContext context) {
        KeyValues values = KeyValues.of(
                KeyValue.of(QUERY_TEXT, QueryFingerprint.normalize(Statements.cqlOf(context.getRequest()))),
                KeyValue.of(NODE_ERRORS, Integer.toString(context.getNodeErrors())),
                KeyValue.of(PAGE_SIZE, Integer.toString(context.getPageSize())));
        if (context.getSpeculativeExecutions() >= 0) {
            values = values.and(SPECULATIVE_EXECUTIONS, Integer.toString(context.getSpeculativeExecutions()));
        }
        Node node = context.getNode();
        if (node != null) {
            if (Nodes.address(node) instanceof InetSocketAddress inet) {
                values = values.and(SERVER_ADDRESS, Nodes.host(inet)).and(SERVER_PORT, Integer.toString(inet.getPort()));
            }
        }
        return values;
    }
}
