package io.github.asynccassandra.bulk.internal;

import java.util.concurrent.ConcurrentSkipListSet;

/** The lines of a load whose writes are in flight, added by the reading thread and removed as writes complete. */
final class InFlightLines {

    private final ConcurrentSkipListSet<Long> lines = new ConcurrentSkipListSet<>();

    void add(long line) {
        lines.add(line);
    }

    void remove(long line) {
        lines.remove(line);
    }

    /** The line up to which every record read is done, given the last line read: just before the first in flight. */
    long doneThrough(long lastRead) {
        // One read of the set: between isEmpty() and first() a completing write could empty it.
        Long first = lines.ceiling(Long.MIN_VALUE);
        return first == null ? lastRead : first - 1;
    }
}
