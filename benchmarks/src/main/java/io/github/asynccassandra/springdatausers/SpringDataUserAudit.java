package io.github.asynccassandra.springdatausers;

import io.github.asynccassandra.springdatausers.SpringDataUsersApplication.UserAudit;
import org.springframework.data.cassandra.core.mapping.MapId;
import org.springframework.data.cassandra.repository.ReactiveCassandraRepository;

/** The Spring Data variant's repository of {@code sample.user_audit}, as the sample app has it. */
public interface SpringDataUserAudit extends ReactiveCassandraRepository<UserAudit, MapId> {
}
