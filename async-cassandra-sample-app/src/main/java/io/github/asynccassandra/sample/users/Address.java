package io.github.asynccassandra.sample.users;

/** A postal address, stored as the CQL user-defined type {@code sample.address}. */
public record Address(String street, String city, String zip) {
}
