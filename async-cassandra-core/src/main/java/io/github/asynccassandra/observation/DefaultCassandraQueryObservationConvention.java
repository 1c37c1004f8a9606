package io.github.asynccassandra.observation;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.metadata.Node;
import io.github.asynccassandra.internal.Nodes;
import io.github.asynccassandra.metrics.QueryKind;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

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
 * observation starts, the low-cardinality keys known then are given ({@value #DB_SYSTEM}, {@value #DB_NAMESPACE},
 * {@value #DB_OPERATION}: a long-task timer is tagged with these); the others, and the high-cardinality
 * keys, which tracers read at the end, come when it stops.
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
    /** Keyspaces whose names and key values are remembered; more are built each time. */
    private static final int MAX_CACHED_KEYSPACES = 256;
    /** Combinations with an error remembered, with their key values; more are built each time. */
    private static final int MAX_CACHED_ERROR_COMBINATIONS = 1024;
    private static final QueryKind[] KINDS = QueryKind.values();
    private static final DefaultConsistencyLevel[] LEVELS = DefaultConsistencyLevel.values();
    private static final String[] SMALL_NUMBERS = IntStream.range(0, 16).mapToObj(Integer::toString)
            .toArray(String[]::new);

    /**
     * Per keyspace (and {@code ""} for none): the contextual names by kind, and the key values of
     * successful requests by kind and consistency level (the last column: unknown). Built on first use:
     * these few combinations recur on every request, and building key values sorts them each time.
     */
    private final Map<String, KeyspaceNames> byKeyspace = new ConcurrentHashMap<>();
    /** Key values of failed requests, by their values. */
    private final Map<LowCardinality, KeyValues> withError = new ConcurrentHashMap<>();
    /** The last larger number written (most often the page size), with its text. */
    private volatile @Nullable NumberText lastNumber;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(CassandraQueryContext context) {
        return names(context.getKeyspace()).contextualNames[context.getKind().ordinal()];
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(CassandraQueryContext context) {
        if (context.getPageSize() < 0) {
            // Not ended yet: what is known (a long-task timer is tagged with these); the rest at the end.
            return names(context.getKeyspace()).start(context.getKind());
        }
        ConsistencyLevel level = context.getConsistencyLevel();
        Throwable error = context.getError();
        if (error == null && (level == null || level instanceof DefaultConsistencyLevel)) {
            int column = level == null ? LEVELS.length : ((DefaultConsistencyLevel) level).ordinal();
            return names(context.getKeyspace()).success(context.getKind(), column);
        }
        LowCardinality values = new LowCardinality(keyspaceValue(context.getKeyspace()), context.getKind().name(),
                level == null ? UNKNOWN : level.name(), error == null ? null : error.getClass().getSimpleName());
        KeyValues cached = withError.get(values);
        if (cached != null) {
            return cached;
        }
        KeyValues built = values.toKeyValues();
        if (withError.size() < MAX_CACHED_ERROR_COMBINATIONS) {
            withError.putIfAbsent(values, built);
        }
        return built;
    }

    private KeyspaceNames names(@Nullable String keyspace) {
        String key = keyspace == null ? "" : keyspace;
        KeyspaceNames names = byKeyspace.get(key);
        if (names == null) {
            names = new KeyspaceNames(keyspace);
            if (byKeyspace.size() < MAX_CACHED_KEYSPACES) {
                KeyspaceNames raced = byKeyspace.putIfAbsent(key, names);
                names = raced != null ? raced : names;
            }
        }
        return names;
    }

    /** The keys known when a request starts; every other key is added to these when it ends. */
    private static KeyValues startKeyValues(String keyspace, String operation) {
        return KeyValues.of(KeyValue.of(DB_SYSTEM, "cassandra"), KeyValue.of(DB_NAMESPACE, keyspace),
                KeyValue.of(DB_OPERATION, operation));
    }

    private static String keyspaceValue(@Nullable String keyspace) {
        return keyspace == null ? UNKNOWN : keyspace;
    }

    /** What a keyspace's requests are named, and tagged with when they succeed (filled as they occur). */
    private static final class KeyspaceNames {
        final @Nullable String keyspace;
        final String[] contextualNames = new String[KINDS.length];
        final KeyValues[] starts = new KeyValues[KINDS.length];
        final @Nullable KeyValues[][] successes = new KeyValues[KINDS.length][LEVELS.length + 1];

        KeyspaceNames(@Nullable String keyspace) {
            this.keyspace = keyspace;
            for (QueryKind kind : KINDS) {
                contextualNames[kind.ordinal()] = keyspace == null ? kind.name() : kind.name() + " " + keyspace;
                starts[kind.ordinal()] = startKeyValues(keyspaceValue(keyspace), kind.name());
            }
        }

        KeyValues start(QueryKind kind) {
            return starts[kind.ordinal()];
        }

        /** Built once per cell; two threads building the same cell at once build equal values. */
        KeyValues success(QueryKind kind, int level) {
            KeyValues values = successes[kind.ordinal()][level];
            if (values == null) {
                values = new LowCardinality(keyspaceValue(keyspace), kind.name(),
                        level == LEVELS.length ? UNKNOWN : LEVELS[level].name(), null).toKeyValues();
                successes[kind.ordinal()][level] = values;
            }
            return values;
        }
    }

    private record LowCardinality(String keyspace, String operation, String consistencyLevel,
            @Nullable String errorType) {
        KeyValues toKeyValues() {
            return startKeyValues(keyspace, operation).and(KeyValue.of(CONSISTENCY_LEVEL, consistencyLevel),
                    KeyValue.of(ERROR_TYPE, errorType == null ? "none" : errorType),
                    KeyValue.of(OUTCOME, errorType == null ? "SUCCESS" : "ERROR"));
        }
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(CassandraQueryContext context) {
        if (context.getPageSize() < 0) {
            // Not ended yet: tracers read the keys when the observation stops, so none are built twice.
            return KeyValues.empty();
        }
        // At most six keys: query text, node errors, page size, speculative executions, address, port.
        KeyValue[] values = new KeyValue[6];
        int count = 0;
        values[count++] = KeyValue.of(QUERY_TEXT, context.getQueryText());
        values[count++] = KeyValue.of(NODE_ERRORS, number(context.getNodeErrors()));
        values[count++] = KeyValue.of(PAGE_SIZE, number(context.getPageSize()));
        if (context.getSpeculativeExecutions() >= 0) {
            values[count++] = KeyValue.of(SPECULATIVE_EXECUTIONS, number(context.getSpeculativeExecutions()));
        }
        Node node = context.getNode();
        if (node != null && Nodes.address(node) instanceof InetSocketAddress inet) {
            values[count++] = KeyValue.of(SERVER_ADDRESS, Nodes.host(inet));
            values[count++] = KeyValue.of(SERVER_PORT, Integer.toString(inet.getPort()));
        }
        return KeyValues.of(count == values.length ? values : Arrays.copyOf(values, count));
    }

    /** Counts and page sizes repeat (0 failed attempts, the profile's page size): their text is kept. */
    private String number(int value) {
        if (value >= 0 && value < SMALL_NUMBERS.length) {
            return SMALL_NUMBERS[value];
        }
        NumberText last = lastNumber;
        if (last != null && last.value == value) {
            return last.text;
        }
        String text = Integer.toString(value);
        lastNumber = new NumberText(value, text);
        return text;
    }

    private record NumberText(int value, String text) {
    }
}
