package io.github.asynccassandra.bulk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import org.junit.jupiter.api.Test;

class BulkMetersTest {

    /** Two exports of one table at once (the sample app allows it): each its own gauge, and ending one keeps the other. */
    @Test
    void twoOperationsOnOneTableHaveAGaugeEachAndTheFirstToEndRemovesOnlyItsOwn() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BulkMeters meters = BulkMeters.of(registry);
        BulkMeters.Recorder first = meters.start("export", "sample.users", () -> 0.25);
        BulkMeters.Recorder second = BulkMeters.of(registry).start("export", "sample.users", () -> 0.75);
        assertThat(gauges(registry)).extracting(Gauge::value).containsExactlyInAnyOrder(0.25, 0.75);

        first.close();
        assertThat(gauges(registry)).extracting(Gauge::value).containsExactly(0.75);
        BulkMeters.Recorder third = meters.start("export", "sample.users", () -> 0.5);
        assertThat(gauges(registry)).extracting(Gauge::value).containsExactlyInAnyOrder(0.75, 0.5);
        assertThat(gauges(registry)).extracting(gauge -> gauge.getId().getTag("run"))
                .as("run numbers are reused: as few values as operations at once").containsExactlyInAnyOrder("1", "2");
        second.close();
        third.close();
        assertThat(gauges(registry)).isEmpty();
    }

    private static Collection<Gauge> gauges(SimpleMeterRegistry registry) {
        return registry.find("cassandra.bulk.progress").gauges();
    }
}
