package io.github.asynccassandra.sample.users;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Bean Validation where Spring's {@code @Validated} on a body does not reach: each element of a batch,
 * the fields a merge patch sets. Problems read {@code field: message}, sorted.
 */
@Component
class UserValidation {

    private final Validator validator;

    UserValidation(Validator validator) {
        this.validator = validator;
    }

    /** @throws InvalidUserException naming each field at fault, after {@code prefix} */
    void check(Object value, String prefix, Class<?>... groups) {
        Set<ConstraintViolation<Object>> violations = validator.validate(value, groups);
        if (!violations.isEmpty()) {
            throw new InvalidUserException(violations.stream()
                    .map(violation -> prefix + violation.getPropertyPath() + ": " + violation.getMessage())
                    .sorted(Comparator.naturalOrder()).collect(Collectors.joining("; ")));
        }
    }
}
