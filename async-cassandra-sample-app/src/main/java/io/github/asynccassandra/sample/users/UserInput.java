package io.github.asynccassandra.sample.users;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;

/**
 * What a client sends to create or replace a user; checked by Bean Validation. A create or a replace
 * validates the {@link Complete} group ({@code name} and {@code email} required); a PATCH validates the
 * fields it carries with the default group.
 */
public record UserInput(
        @NotBlank(groups = Complete.class) @Size(max = UserInput.MAX_NAME) String name,
        @NotBlank(groups = Complete.class) @Email @Size(max = UserInput.MAX_EMAIL) String email,
        @Min(0) @Max(150) Integer age,
        @Valid Address address) {

    static final int MAX_NAME = 100;
    static final int MAX_EMAIL = 254;

    /** A whole user: every default constraint, and name and email present. */
    public interface Complete extends Default {
    }
}
