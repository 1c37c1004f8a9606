package io.github.asynccassandra.internal;

import java.time.Duration;

/** Argument checks shared by the public builders, with messages that name the setting. */
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
}
