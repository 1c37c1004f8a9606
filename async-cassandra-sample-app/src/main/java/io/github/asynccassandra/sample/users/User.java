package io.github.asynccassandra.sample.users;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.UUID;

/** A user as the API returns it. */
public record User(UUID id, String name, String email, Integer age, Address address, Instant createdAt,
        Instant updatedAt) {

    /**
     * A row of {@link UserRepository}'s SELECTs, read by position (their column list fixes the order):
     * cheaper than by name, which looks each name up, and an export reads every row.
     */
    static User fromRow(Row row) {
        return new User(row.getUuid(0), row.getString(1), row.getString(2), row.isNull(3) ? null : row.getInt(3),
                row.get(4, Address.class), row.getInstant(5), row.getInstant(6));
    }
}
