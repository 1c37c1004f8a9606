package io.github.asynccassandra.bulk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InFlightLinesTest {

    @Test
    void theMarkIsReadWhileWritesCompleteOnOtherThreads() {
        InFlightLines inFlight = new InFlightLines();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                inFlight.add(7);
                inFlight.remove(7);
            }
        });
        try {
            for (int i = 0; i < 2_000_000; i++) {
                assertThat(inFlight.doneThrough(9)).isIn(6L, 9L);
            }
        } finally {
            stop.set(true);
            writes.join();
        }
    }
}
