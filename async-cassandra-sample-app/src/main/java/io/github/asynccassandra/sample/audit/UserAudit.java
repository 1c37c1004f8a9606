package io.github.asynccassandra.sample.audit;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.cassandra.core.cql.Ordering;
import org.springframework.data.cassandra.core.cql.PrimaryKeyType;
import org.springframework.data.cassandra.core.mapping.Column;
import org.springframework.data.cassandra.core.mapping.PrimaryKeyColumn;
import org.springframework.data.cassandra.core.mapping.Table;

/**
 * One change to a user, as Spring Data maps it: table {@code sample.user_audit}, newest first.
 *
 * @param userId the user changed (partition key)
 * @param at a time-based UUID of when (clustering column, descending)
 * @param action {@code CREATED}, {@code REPLACED}, {@code PATCHED} or {@code DELETED}
 * @param time when, readable
 */
@Table(keyspace = "sample", value = "user_audit")
public record UserAudit(
        @PrimaryKeyColumn(name = "user_id", type = PrimaryKeyType.PARTITIONED) UUID userId,
        @PrimaryKeyColumn(name = "at", type = PrimaryKeyType.CLUSTERED, ordering = Ordering.DESCENDING) UUID at,
        @Column("action") String action,
        @Column("time") Instant time) {
}
