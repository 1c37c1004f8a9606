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
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.bulk.BulkOperations;
import io.github.asynccassandra.bulk.BulkOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** {@link BulkOperations} by token range on one session. */
public final class TokenRangeBulkOperations implements BulkOperations {

    private final AsyncCassandraSession session;

    public TokenRangeBulkOperations(AsyncCassandraSession session) {
        this.session = session;
    }

    @Override
    public CompletableFuture<Long> count(String keyspace, String table, BulkOptions options) {
        Target target;
        try {
            target = Target.of(session.getDriverSession(), keyspace, table, options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        String cql = "SELECT count(*) FROM " + target.qualifiedName() + " WHERE " + target.tokenRestriction();
        LongAdder rows = new LongAdder();
        return session.prepare(cql).thenCompose(prepared -> new RangeTasks<Long>(target.ranges(), options.maxRetries(),
                options.retryBackoff(), range -> session.execute(target.bind(prepared, range))
                        .thenApply(result -> result.one().getLong(0)),
                (range, count) -> rows.add(count)).run(options.parallelism()))
                .thenApply(done -> rows.sum());
    }

    /** A table to read by token range: its name, partition key and sub-ranges. */
    record Target(CqlIdentifier keyspace, TableMetadata table, List<TokenRange> ranges, BulkOptions options) {

        static Target of(CqlSession driver, String keyspace, String table, BulkOptions options) {
            KeyspaceMetadata keyspaceMetadata = driver.getMetadata().getKeyspace(CqlIdentifier.fromCql(keyspace))
                    .orElseThrow(() -> new IllegalArgumentException("No keyspace '" + keyspace + "' (schema "
                            + "metadata lists none by that name)"));
            TableMetadata tableMetadata = keyspaceMetadata.getTable(CqlIdentifier.fromCql(table))
                    .orElseThrow(() -> new IllegalArgumentException("No table '" + table + "' in keyspace '"
                            + keyspace + "'"));
            TokenMap tokenMap = driver.getMetadata().getTokenMap().orElseThrow(() -> new IllegalStateException(
                    "The driver has no token map: bulk operations need advanced.metadata.token-map.enabled = true"));
            return new Target(keyspaceMetadata.getName(), tableMetadata,
                    TokenRangeSplitter.split(tokenMap.getTokenRanges(), options.splits(), () -> fullRing(tokenMap)),
                    options);
        }

        /** The ring as one range, from its minimum token to itself. */
        private static TokenRange fullRing(TokenMap tokenMap) {
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

        String qualifiedName() {
            return keyspace.asCql(true) + "." + table.getName().asCql(true);
        }

        /** {@code token(pk…) > ? AND token(pk…) <= ?}. */
        String tokenRestriction() {
            String token = "token(" + table.getPartitionKey().stream().map(ColumnMetadata::getName)
                    .map(name -> name.asCql(true)).collect(Collectors.joining(", ")) + ")";
            return token + " > ? AND " + token + " <= ?";
        }

        /** The query for one sub-range: routed to its replicas, idempotent, at the options' consistency. */
        BoundStatement bind(PreparedStatement prepared, TokenRange range) {
            var builder = prepared.boundStatementBuilder().setToken(0, range.getStart()).setToken(1, range.getEnd())
                    .setRoutingKeyspace(keyspace).setRoutingToken(range.getEnd()).setIdempotence(true)
                    .setConsistencyLevel(options.readConsistency());
            if (options.pageSize() > 0) {
                builder.setPageSize(options.pageSize());
            }
            return builder.build();
        }
    }
}
