package io.github.asynccassandra.sample.audit;

import java.util.UUID;
import org.springframework.data.cassandra.core.mapping.MapId;
import org.springframework.data.cassandra.repository.ReactiveCassandraRepository;
import reactor.core.publisher.Flux;

/**
 * The audit log through Spring Data, on the same driver session as the users API: the starter's
 * {@code CqlSession} bean, so its requests are in the same meters and traces.
 */
public interface UserAuditRepository extends ReactiveCassandraRepository<UserAudit, MapId> {

    /** A user's changes, newest first. */
    Flux<UserAudit> findByUserId(UUID userId);
}
