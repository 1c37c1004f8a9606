package io.github.asynccassandra.sample.users;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.UUID;

/** A user as the API returns it. */
public record User(UUID id, String name, String email, Integer age, Address address, Instant createdAt,
        Instant updatedAt) {

    static User fromRow(Row row) {
        return new User(row.getUuid("id"), row.getString("name"), row.getString("email"),
                row.isNull("age") ? null : row.getInt("age"), row.get("address", Address.class),
                row.getInstant("created_at"), row.getInstant("updated_at"));
    }
}
