package io.github.asynccassandra.sample.users;

import jakarta.validation.constraints.Size;

/** A postal address, stored as the CQL user-defined type {@code sample.address}. */
public record Address(@Size(max = Address.MAX_FIELD) String street, @Size(max = Address.MAX_FIELD) String city,
        @Size(max = Address.MAX_FIELD) String zip) {

    static final int MAX_FIELD = 200;
}
