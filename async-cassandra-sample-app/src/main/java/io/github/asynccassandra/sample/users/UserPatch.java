package io.github.asynccassandra.sample.users;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON Merge Patch (RFC 7396) of a user: the fields to set ({@code values}, {@code null} where not
 * set) and the fields to clear. {@code name} and {@code email} are required and cannot be cleared.
 */
public record UserPatch(UserInput values, Set<String> cleared) {

    static final List<String> FIELDS = List.of("name", "email", "age", "address");
    private static final Set<String> REQUIRED = Set.of("name", "email");

    /** @throws InvalidUserException naming what is wrong with the patch */
    static UserPatch of(JsonNode body, JsonMapper json) {
        if (body == null || !body.isObject()) {
            throw new InvalidUserException("a merge patch is a JSON object of the fields to change");
        }
        ObjectNode set = json.createObjectNode();
        Set<String> cleared = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            if (!FIELDS.contains(name)) {
                throw new InvalidUserException(name + ": no such field; a user has " + String.join(", ", FIELDS));
            }
            if (field.getValue().isNull()) {
                if (REQUIRED.contains(name)) {
                    throw new InvalidUserException(name + ": is required and cannot be cleared");
                }
                cleared.add(name);
            } else {
                set.set(name, field.getValue());
            }
        }
        if (set.isEmpty() && cleared.isEmpty()) {
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
        return new UserPatch(values, cleared);
    }
}
