package io.github.asynccassandra.spring.boot.autoconfigure.springdata;

import org.springframework.data.cassandra.core.mapping.PrimaryKey;
import org.springframework.data.cassandra.core.mapping.Table;

/** A Spring Data entity, stored through the starter's session. */
@Table("notes")
public record Note(@PrimaryKey int id, String text) {
}
