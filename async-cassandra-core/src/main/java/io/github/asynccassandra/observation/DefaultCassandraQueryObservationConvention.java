package io.github.asynccassandra.observation;

import com.datastax.oss.driver.api.core.metadata.Node;
import io.github.asynccassandra.internal.Nodes;
import io.github.asynccassandra.internal.Statements;
import io.github.asynccassandra.metrics.QueryFingerprint;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default names of a {@code cassandra.query} observation, after OpenTelemetry's semantic
 * conventions for database client spans. Low-cardinality keys (fit for metric tags):
 * {@value #DB_SYSTEM} ({@code cassandra}), {@value #DB_NAMESPACE} (keyspace), {@value #DB_OPERATION}
 * ({@code SELECT}, {@code INSERT}, …), {@value #CONSISTENCY_LEVEL}, {@value #ERROR_TYPE} (the exception's
 * simple name, {@code none} on success) and {@value #OUTCOME} ({@code SUCCESS} or {@code ERROR}).
 * High-cardinality keys (for traces only): {@value #QUERY_TEXT} (literals replaced by {@code ?}, never
 * bound values), {@value #SERVER_ADDRESS} and {@value #SERVER_PORT} of the coordinator,
 * {@value #SPECULATIVE_EXECUTIONS}, {@value #NODE_ERRORS} and {@value #PAGE_SIZE}. The contextual name (the
 * span's name) is {@code "<operation> <keyspace>"}, such as {@code "SELECT shop"}. When the
 * observation starts, only the keys known then are given; the rest come when it stops.
 */
public class DefaultCassandraQueryObservationConvention implements CassandraQueryObservationConvention {

    /** Name of the observation, and of the timer Micrometer derives from it. */
    public static final String NAME = "cassandra.query";
    /** Low-cardinality key: always {@code cassandra}. */
    public static final String DB_SYSTEM = "db.system.name";
    /** Low-cardinality key: the keyspace the request runs in. */
    public static final String DB_NAMESPACE = "db.namespace";
    /** Low-cardinality key: the request's first keyword ({@code SELECT}, {@code INSERT}, …). */
    public static final String DB_OPERATION = "db.operation.name";
    /** Low-cardinality key: the consistency level the request ran at. */
    public static final String CONSISTENCY_LEVEL = "cassandra.consistency.level";
    /** Low-cardinality key: the simple class name of the error, or {@code none}. */
    public static final String ERROR_TYPE = "error.type";
    /** Low-cardinality key: {@code SUCCESS} or {@code ERROR}. */
    public static final String OUTCOME = "outcome";
    /** High-cardinality key: the CQL text with literals replaced by {@code ?}. */
    public static final String QUERY_TEXT = "db.query.text";
    /** High-cardinality key: address of the coordinator that answered. */
    public static final String SERVER_ADDRESS = "server.address";
    /** High-cardinality key: port of the coordinator that answered. */
    public static final String SERVER_PORT = "server.port";
    /** High-cardinality key: speculative executions the driver started. */
    public static final String SPECULATIVE_EXECUTIONS = "cassandra.speculative_execution.count";
    /** High-cardinality key: attempts that failed on a node before the request ended. */
    public static final String NODE_ERRORS = "cassandra.node_error.count";
    /** High-cardinality key: rows per page the request asked for. */
    public static final String PAGE_SIZE = "cassandra.page.size";

    private static final String UNKNOWN = "unknown";
    /** Combinations of low-cardinality values remembered, with their key values; more are built each time. */
    private static final int MAX_CACHED_COMBINATIONS = 1024;

    /** Key values by their values: few combinations recur, and building key values sorts them each time. */
    private final Map<LowCardinality, KeyValues> lowCardinality = new ConcurrentHashMap<>();

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
        LowCardinality values = new LowCardinality(context.getKeyspace() == null ? UNKNOWN : context.getKeyspace(),
                context.getKind().name(),
                context.getConsistencyLevel() == null ? UNKNOWN : context.getConsistencyLevel().name(),
                error == null ? null : error.getClass().getSimpleName());
        KeyValues cached = lowCardinality.get(values);
        if (cached != null) {
            return cached;
        }
        KeyValues built = values.toKeyValues();
        if (lowCardinality.size() < MAX_CACHED_COMBINATIONS) {
            lowCardinality.putIfAbsent(values, built);
        }
        return built;
    }

    private record LowCardinality(String keyspace, String operation, String consistencyLevel, String errorType) {
        KeyValues toKeyValues() {
            return KeyValues.of(KeyValue.of(DB_SYSTEM, "cassandra"), KeyValue.of(DB_NAMESPACE, keyspace),
                    KeyValue.of(DB_OPERATION, operation), KeyValue.of(CONSISTENCY_LEVEL, consistencyLevel),
                    KeyValue.of(ERROR_TYPE, errorType == null ? "none" : errorType),
                    KeyValue.of(OUTCOME, errorType == null ? "SUCCESS" : "ERROR"));
        }
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(CassandraQueryContext context) {
        KeyValue queryText = KeyValue.of(QUERY_TEXT, QueryFingerprint.normalize(Statements.cqlOf(context.getRequest())));
        if (context.getPageSize() < 0) {
            // Not ended yet: the rest is not known.
            return KeyValues.of(queryText);
        }
        List<KeyValue> values = new ArrayList<>(6);
        values.add(queryText);
        values.add(KeyValue.of(NODE_ERRORS, Integer.toString(context.getNodeErrors())));
        values.add(KeyValue.of(PAGE_SIZE, Integer.toString(context.getPageSize())));
        if (context.getSpeculativeExecutions() >= 0) {
            values.add(KeyValue.of(SPECULATIVE_EXECUTIONS, Integer.toString(context.getSpeculativeExecutions())));
        }
        Node node = context.getNode();
        if (node != null && Nodes.address(node) instanceof InetSocketAddress inet) {
            values.add(KeyValue.of(SERVER_ADDRESS, Nodes.host(inet)));
            values.add(KeyValue.of(SERVER_PORT, Integer.toString(inet.getPort())));
        }
        return KeyValues.of(values);
    }
}
