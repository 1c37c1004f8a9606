package io.github.asynccassandra.springdatausers;

import io.github.asynccassandra.springdatausers.SpringDataUsersApplication.User;
import java.util.UUID;
import org.springframework.data.cassandra.repository.ReactiveCassandraRepository;

/** The Spring Data variant's repository of {@code sample.users}. */
public interface SpringDataUsers extends ReactiveCassandraRepository<User, UUID> {
}
