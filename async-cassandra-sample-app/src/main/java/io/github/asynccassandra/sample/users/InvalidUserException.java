package io.github.asynccassandra.sample.users;

import java.util.List;

/** The request body is not a valid user; the message lists every problem. Answered with 400. */
public class InvalidUserException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidUserException(String message) {
        super(message);
    }

    static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidUserException(String.join("; ", problems));
        }
    }
}
