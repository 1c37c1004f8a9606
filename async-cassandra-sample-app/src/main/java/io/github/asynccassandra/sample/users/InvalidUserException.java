package io.github.asynccassandra.sample.users;

/** The request is not valid; the message names every field at fault. Answered with 400. */
public class InvalidUserException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidUserException(String message) {
        super(message);
    }
}
