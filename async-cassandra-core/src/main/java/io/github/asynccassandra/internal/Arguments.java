package io.github.asynccassandra.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Argument checks shared by the public builders and the session, with messages that name the problem. */
public final class Arguments {

    private Arguments() {
    }

    /** Returns {@code value} if it is a positive duration, otherwise throws naming {@code name}. */
    public static Duration requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
        return value;
    }

    /** Why {@code cql} cannot be sent, or {@code null} when it can. */
    public static String checkCql(String cql) {
        if (cql == null) {
            return "CQL must not be null";
        }
        if (cql.isBlank()) {
            return "CQL must not be empty";
        }
        return null;
    }

    /** A future failed with {@link IllegalArgumentException}: bad input fails the future, never throws. */
    public static <T> CompletableFuture<T> invalid(String message) {
        return CompletableFuture.failedFuture(new IllegalArgumentException(message));
    }
}
