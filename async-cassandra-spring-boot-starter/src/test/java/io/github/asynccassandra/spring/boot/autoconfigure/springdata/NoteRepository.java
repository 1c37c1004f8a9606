package io.github.asynccassandra.spring.boot.autoconfigure.springdata;

import org.springframework.data.cassandra.repository.CassandraRepository;

/** A Spring Data repository on the starter's session. */
public interface NoteRepository extends CassandraRepository<Note, Integer> {
}
