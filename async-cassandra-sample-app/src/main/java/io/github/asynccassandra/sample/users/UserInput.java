package io.github.asynccassandra.sample.users;

import java.util.ArrayList;
import java.util.List;

/**
 * What a client sends to create or change a user. Fields left out are {@code null}: a create or a
 * replace needs {@code name} and {@code email}; a PATCH changes only the fields it carries.
 */
public record UserInput(String name, String email, Integer age, Address address) {

    static final int MAX_NAME = 100;
    static final int MAX_EMAIL = 254;
    static final int MAX_ADDRESS_FIELD = 200;

    /** Checks a whole user (create, replace). */
    void validateComplete() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("name is required");
        }
        if (email == null || email.isBlank()) {
            problems.add("email is required");
        }
        problems.addAll(checkPresentFields());
        InvalidUserException.throwIfAny(problems);
    }

    /** Checks the fields present (PATCH); at least one must be. */
    void validatePartial() {
        List<String> problems = new ArrayList<>();
        if (name == null && email == null && age == null && address == null) {
            problems.add("at least one of name, email, age, address is required");
        }
        if (name != null && name.isBlank()) {
            problems.add("name must not be blank");
        }
        problems.addAll(checkPresentFields());
        InvalidUserException.throwIfAny(problems);
    }

    private List<String> checkPresentFields() {
        List<String> problems = new ArrayList<>();
        if (name != null && name.length() > MAX_NAME) {
            problems.add("name must be at most " + MAX_NAME + " characters");
        }
        if (email != null && !email.isBlank()) {
            if (email.length() > MAX_EMAIL) {
                problems.add("email must be at most " + MAX_EMAIL + " characters");
            } else if (!email.matches("[^@\\s]+@[^@\\s]+")) {
                problems.add("email must look like name@example.com");
            }
        }
        if (age != null && (age < 0 || age > 150)) {
            problems.add("age must be between 0 and 150");
        }
        if (address != null) {
            for (String field : new String[] {address.street(), address.city(), address.zip()}) {
                if (field != null && field.length() > MAX_ADDRESS_FIELD) {
                    problems.add("address fields must be at most " + MAX_ADDRESS_FIELD + " characters");
                    break;
                }
            }
        }
        return problems;
    }
}
