package io.github.asynccassandra.spring.boot.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.metrics.ConnectionMetrics;
import io.github.asynccassandra.metrics.QueryEvent;
import io.github.asynccassandra.metrics.QueryKind;
import io.github.asynccassandra.metrics.StreamEvent;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerMetricsCollectorTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMetricsCollector collector = new MicrometerMetricsCollector(registry);

    @Test
    void recordsDurationAndCountTaggedByKindAndOutcome() {
        collector.recordQuery(query(QueryKind.SELECT, true, null, 3));
        collector.recordQuery(query(QueryKind.SELECT, true, null, 30));
        collector.recordQuery(query(QueryKind.INSERT, false, "WriteTimeoutException", 2000));

        Timer selects = registry.get("cassandra.query.duration").tag("query_type", "select").tag("success", "success")
                .timer();
        assertThat(selects.count()).isEqualTo(2);
        assertThat(selects.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(33);
        assertThat(registry.get("cassandra.queries").tag("query_type", "select").tag("success", "success").counter()
                .count()).isEqualTo(2);
        assertThat(registry.get("cassandra.queries").tag("query_type", "insert").tag("success", "failure").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("cassandra.errors").tag("error_type", "WriteTimeoutException").counter().count())
                .isEqualTo(1);
    }

    @Test
    void durationHistogramHasTheBucketsOfThePythonCollector() {
        collector.recordQuery(query(QueryKind.UPDATE, true, null, 7));
        CountAtBucket[] buckets = registry.get("cassandra.query.duration").tag("query_type", "update")
                .tag("success", "success").timer()
                .takeSnapshot().histogramCounts();
        assertThat(Arrays.stream(buckets).map(b -> b.bucket(TimeUnit.MILLISECONDS)))
                .containsExactly(1.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10000.0);
        assertThat(buckets[1].count()).isZero();
        assertThat(buckets[2].count()).isEqualTo(1);
    }

    @Test
    void everyTagHasFewValues() {
        for (int i = 0; i < 200; i++) {
            collector.recordQuery(query(QueryKind.OTHER, false, "Error" + i, 1));
        }
        assertThat(registry.find("cassandra.errors").counters())
                .hasSize(MicrometerMetricsCollector.MAX_ERROR_TYPES + 1);
        assertThat(registry.get("cassandra.errors").tag("error_type", MicrometerMetricsCollector.OTHER_ERROR)
                .counter().count()).isEqualTo(150);
        // Kinds and outcomes are fixed sets: nothing per statement text.
        assertThat(registry.find("cassandra.queries").counters()).hasSize(QueryKind.values().length * 2);
        assertThat(registry.getMeters().stream().flatMap(m -> m.getId().getTags().stream())
                .map(tag -> tag.getKey())).doesNotContain("query", "keyspace", "statement");
    }

    @Test
    void nodeHealthIsAGaugePerHost() {
        collector.recordConnection(new ConnectionMetrics("127.0.0.1:9042", true, Instant.now(), Duration.ofMillis(2),
                0, 1));
        collector.recordConnection(new ConnectionMetrics("127.0.0.2:9042", false, Instant.now(), null, 1, 1));
        assertThat(registry.get("cassandra.connection.healthy").tag("host", "127.0.0.1:9042").gauge().value())
                .isEqualTo(1);
        assertThat(registry.get("cassandra.connection.healthy").tag("host", "127.0.0.2:9042").gauge().value())
                .isZero();
        collector.recordConnection(new ConnectionMetrics("127.0.0.2:9042", true, Instant.now(), Duration.ofMillis(1),
                1, 2));
        assertThat(registry.get("cassandra.connection.healthy").tag("host", "127.0.0.2:9042").gauge().value())
                .isEqualTo(1);
    }

    @Test
    void streamsAreCountedByEventWithTheirRowsAndPages() {
        collector.recordStream(new StreamEvent(StreamEvent.Type.OPENED, QueryKind.SELECT, 1, 100));
        collector.recordStream(new StreamEvent(StreamEvent.Type.CLOSED, QueryKind.SELECT, 5, 4321));
        collector.recordStream(new StreamEvent(StreamEvent.Type.OPENED, QueryKind.SELECT, 1, 100));
        collector.recordStream(new StreamEvent(StreamEvent.Type.CANCELLED, QueryKind.SELECT, 2, 150));
        assertThat(registry.get("cassandra.streams").tag("event", "opened").counter().count()).isEqualTo(2);
        assertThat(registry.get("cassandra.streams").tag("event", "closed").counter().count()).isEqualTo(1);
        assertThat(registry.get("cassandra.streams").tag("event", "cancelled").counter().count()).isEqualTo(1);
        assertThat(registry.get("cassandra.stream.rows").tag("query_type", "select").counter().count())
                .isEqualTo(4471);
        assertThat(registry.get("cassandra.stream.pages").counter().count()).isEqualTo(7);
        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                .doesNotContain("cassandra.stream.rows.total");
    }

    @Test
    void aRemovedNodeTakesItsHealthGaugeWithIt() {
        collector.recordConnection(new ConnectionMetrics("127.0.0.1:9042", true, Instant.now(), Duration.ZERO, 0, 1));
        collector.recordConnection(new ConnectionMetrics("127.0.0.3:9042", false, Instant.now(), null, 1, 1));
        assertThat(registry.find("cassandra.connection.healthy").gauges()).hasSize(2);
        collector.nodeRemoved("127.0.0.3:9042");
        assertThat(registry.find("cassandra.connection.healthy").gauges()).singleElement()
                .satisfies(gauge -> assertThat(gauge.getId().getTag("host")).isEqualTo("127.0.0.1:9042"));
        collector.nodeRemoved("127.0.0.3:9042");
    }

    private static QueryEvent query(QueryKind kind, boolean success, String error, long millis) {
        return new QueryEvent(kind, "SELECT 1", "ks", TimeUnit.MILLISECONDS.toNanos(millis), success, error, 0, 0,
                false, false, null, System.currentTimeMillis());
    }
}
