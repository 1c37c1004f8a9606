package io.github.asynccassandra.bulk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetriesTest {

    /** Retry 20 once waited about 58 hours at 200 ms: a range that cannot succeed must fail in minutes. */
    @Test
    void eachPauseIsCappedAndJittered() {
        Duration backoff = Duration.ofMillis(200);
        long total = 0;
        for (int retry = 0; retry < 100; retry++) {
            long low = Retries.pauseMillis(backoff, retry, 0);
            long high = Retries.pauseMillis(backoff, retry, 0.999_999);
            assertThat(high).as("retry %d", retry).isLessThanOrEqualTo(Retries.MAX_PAUSE.toMillis());
            assertThat(low).as("retry %d: at least half the pause", retry).isGreaterThanOrEqualTo(high / 2);
            total += high;
        }
        assertThat(Retries.pauseMillis(backoff, 0, 0)).isEqualTo(100);
        assertThat(Retries.pauseMillis(backoff, 3, 0.999_999)).isEqualTo(1_600 - 1);
        assertThat(Retries.pauseMillis(backoff, 3, 0)).as("jitter").isEqualTo(800);
        assertThat(Duration.ofMillis(total)).as("100 retries").isLessThan(Duration.ofMinutes(20));
    }
}
