package io.github.asynccassandra.sample.users;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON Merge Patch (RFC 7396) of a user: the fields to set ({@code values}, {@code null} where not
 * set), the fields to clear, and the changes to the stored address ({@code addressChanges}, merged into it
 * field by field, as RFC 7396 merges a nested object). {@code name} and {@code email} are required and
 * cannot be cleared or blanked.
 */
public record UserPatch(UserInput values, Set<String> cleared, @Nullable ObjectNode addressChanges) {

    static final List<String> FIELDS = List.of("name", "email", "age", "address");
    static final List<String> ADDRESS_FIELDS = List.of("street", "city", "zip");
    private static final Set<String> REQUIRED = Set.of("name", "email");

    /** @throws InvalidUserException naming what is wrong with the patch */
    static UserPatch of(JsonNode body, JsonMapper json) {
        if (body == null || !body.isObject()) {
            throw new InvalidUserException("a merge patch is a JSON object of the fields to change");
        }
        ObjectNode set = json.createObjectNode();
        Set<String> cleared = new LinkedHashSet<>();
        ObjectNode addressChanges = null;
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            if (!FIELDS.contains(name)) {
                throw new InvalidUserException(name + ": no such field; a user has " + String.join(", ", FIELDS));
            }
            if (name.equals("address") && field.getValue().isObject()) {
                addressChanges = addressChanges((ObjectNode) field.getValue());
            } else if (field.getValue().isNull()) {
                if (REQUIRED.contains(name)) {
                    throw new InvalidUserException(name + ": is required and cannot be cleared");
                }
                cleared.add(name);
            } else {
                set.set(name, field.getValue());
            }
        }
        if (set.isEmpty() && cleared.isEmpty() && addressChanges == null) {
            throw new InvalidUserException("a patch changes at least one of " + String.join(", ", FIELDS));
        }
        UserInput values;
        try {
            values = json.treeToValue(set, UserInput.class);
        } catch (JacksonException e) {
            throw new InvalidUserException("the patch does not fit a user: " + e.getOriginalMessage());
        }
        if (values.name() != null && values.name().isBlank()) {
            throw new InvalidUserException("name: must not be blank");
        }
        if (values.email() != null && values.email().isBlank()) {
            throw new InvalidUserException("email: must not be blank");
        }
        return new UserPatch(values, cleared, addressChanges);
    }

    private static ObjectNode addressChanges(ObjectNode changes) {
        for (Map.Entry<String, JsonNode> field : changes.properties()) {
            if (!ADDRESS_FIELDS.contains(field.getKey())) {
                throw new InvalidUserException("address." + field.getKey() + ": no such field; an address has "
                        + String.join(", ", ADDRESS_FIELDS));
            }
            if (!field.getValue().isNull() && !field.getValue().isString()) {
                throw new InvalidUserException("address." + field.getKey() + ": must be a string or null");
            }
        }
        return changes;
    }

    /** The stored address with {@link #addressChanges} merged in: a field set to null is cleared. */
    Address mergeAddress(@Nullable Address stored) {
        ObjectNode changes = Objects.requireNonNull(addressChanges, "addressChanges");
        String street = stored == null ? null : stored.street();
        String city = stored == null ? null : stored.city();
        String zip = stored == null ? null : stored.zip();
        return new Address(merged(changes, "street", street), merged(changes, "city", city),
                merged(changes, "zip", zip));
    }

    private static @Nullable String merged(ObjectNode changes, String field, @Nullable String stored) {
        JsonNode change = changes.get(field);
        return change == null ? stored : change.isNull() ? null : change.asString();
    }
}
