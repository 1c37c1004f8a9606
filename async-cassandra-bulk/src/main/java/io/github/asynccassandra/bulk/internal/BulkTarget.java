package io.github.asynccassandra.bulk.internal;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import io.github.asynccassandra.bulk.BulkOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A table to work on by token range: its metadata, the columns read, and the ring to split. */
final class BulkTarget {

    private final CqlIdentifier keyspace;
    private final TableMetadata table;
    private final TokenMap tokenMap;
    private final BulkOptions options;

    private BulkTarget(CqlIdentifier keyspace, TableMetadata table, TokenMap tokenMap, BulkOptions options) {
        this.keyspace = keyspace;
        this.table = table;
        this.tokenMap = tokenMap;
        this.options = options;
    }

    /** @throws IllegalArgumentException naming the keyspace or table that does not exist */
    static BulkTarget of(CqlSession driver, String keyspace, String table, BulkOptions options) {
        if (keyspace == null || keyspace.isBlank() || table == null || table.isBlank()) {
            throw new IllegalArgumentException("keyspace and table must not be blank, were '" + keyspace + "' and '"
                    + table + "'");
        }
        KeyspaceMetadata keyspaceMetadata = driver.getMetadata().getKeyspace(CqlIdentifier.fromCql(keyspace))
                .orElseThrow(() -> new IllegalArgumentException("No keyspace '" + keyspace + "' (schema "
                        + "metadata lists none by that name)"));
        TableMetadata tableMetadata = keyspaceMetadata.getTable(CqlIdentifier.fromCql(table))
                .orElseThrow(() -> new IllegalArgumentException("No table '" + table + "' in keyspace '"
                        + keyspace + "'"));
        TokenMap tokenMap = driver.getMetadata().getTokenMap().orElseThrow(() -> new IllegalStateException(
                "The driver has no token map: bulk operations need advanced.metadata.token-map.enabled = true"));
        return new BulkTarget(keyspaceMetadata.getName(), tableMetadata, tokenMap, options);
    }

    TableMetadata table() {
        return table;
    }

    TokenMap tokenMap() {
        return tokenMap;
    }

    /** {@code keyspace.table} as CQL. */
    String qualifiedName() {
        return keyspace.asCql(true) + "." + table.getName().asCql(true);
    }

    /** {@code keyspace.table} for messages. */
    String displayName() {
        return keyspace.asInternal() + "." + table.getName().asInternal();
    }

    /** The sub-ranges of the ring, numbered in token order. */
    List<PlannedRange> plan() {
        List<TokenRange> ranges = TokenRangeSplitter.split(tokenMap.getTokenRanges(), options.splits(),
                this::fullRing);
        List<PlannedRange> planned = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            planned.add(new PlannedRange(i, ranges.get(i)));
        }
        return planned;
    }

    /** The ring as one range, from its minimum token to itself. */
    private TokenRange fullRing() {
        String partitioner = tokenMap.getPartitionerName();
        String minimum = partitioner.endsWith("Murmur3Partitioner") ? Long.toString(Long.MIN_VALUE)
                : partitioner.endsWith("RandomPartitioner") ? "-1"
                : partitioner.endsWith("ByteOrderedPartitioner") ? "0x"
                : null;
        if (minimum == null) {
            throw new IllegalStateException("Bulk operations do not know the partitioner " + partitioner);
        }
        Token min = tokenMap.parse(minimum);
        return tokenMap.newTokenRange(min, min);
    }

    /**
     * The columns read: those of the options, in their order, else every column in table order.
     *
     * @throws IllegalArgumentException naming a column the table does not have
     */
    List<RowWriter.Column> columns() {
        List<RowWriter.Column> columns = new ArrayList<>();
        if (options.columns() == null) {
            for (ColumnMetadata column : table.getColumns().values()) {
                columns.add(new RowWriter.Column(column.getName().asInternal(), column.getType()));
            }
            return columns;
        }
        for (String name : options.columns()) {
            ColumnMetadata column = table.getColumn(CqlIdentifier.fromCql(name)).orElseThrow(() ->
                    new IllegalArgumentException("No column '" + name + "' in table " + displayName() + "; it has "
                            + table.getColumns().keySet().stream().map(CqlIdentifier::asInternal)
                                    .collect(Collectors.joining(", "))));
            columns.add(new RowWriter.Column(column.getName().asInternal(), column.getType()));
        }
        return columns;
    }

    /** {@code SELECT <what> FROM ks.t WHERE token(pk…) > ? AND token(pk…) <= ? [AND where] [ALLOW FILTERING]}. */
    String select(String what) {
        StringBuilder cql = new StringBuilder("SELECT ").append(what).append(" FROM ").append(qualifiedName())
                .append(" WHERE ").append(tokenRestriction());
        if (options.where() != null) {
            cql.append(" AND ").append(options.where());
        }
        if (options.allowFiltering()) {
            cql.append(" ALLOW FILTERING");
        }
        return cql.toString();
    }

    /** The select list of {@link #columns()}. */
    static String selectList(List<RowWriter.Column> columns) {
        return columns.stream().map(c -> CqlIdentifier.fromInternal(c.name()).asCql(true))
                .collect(Collectors.joining(", "));
    }

    /** {@code token(pk…) > ? AND token(pk…) <= ?}. */
    private String tokenRestriction() {
        String token = "token(" + table.getPartitionKey().stream().map(ColumnMetadata::getName)
                .map(name -> name.asCql(true)).collect(Collectors.joining(", ")) + ")";
        return token + " > ? AND " + token + " <= ?";
    }

    /** The query for one sub-range: routed to its replicas, idempotent, at the options' consistency. */
    BoundStatement bind(PreparedStatement prepared, TokenRange range) {
        return prepared.boundStatementBuilder().setToken(0, range.getStart()).setToken(1, range.getEnd())
                .setRoutingKeyspace(keyspace).setRoutingToken(range.getEnd()).setIdempotence(true)
                .setConsistencyLevel(options.readConsistency()).build();
    }
}
