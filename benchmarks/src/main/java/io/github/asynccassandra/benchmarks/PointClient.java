package io.github.asynccassandra.benchmarks;

import java.util.concurrent.CompletionStage;

/** One way of writing and reading a 1 KB row by key: the driver, the wrapper, Spring Data. */
interface PointClient {

    String name();

    /** Prepared INSERT of {@code payload} at {@code key}. */
    CompletionStage<?> write(int key, String payload);

    /** Prepared SELECT by {@code key}, reading the payload. */
    CompletionStage<?> read(int key);
}
