package io.github.asynccassandra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryMetricsCollectorTest {

    private static QueryEvent event(QueryKind kind, String cql, long millis, boolean success, String error) {
        return new QueryEvent(kind, cql, "ks", millis * 1_000_000, success, error, 1, 1, false, false, null,
                System.currentTimeMillis());
    }

    @Test
    void percentilesAreRightOnAKnownDistribution() {
        InMemoryMetricsCollector collector = new InMemoryMetricsCollector();
        List<Integer> millis = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            millis.add(i);
        }
        Collections.shuffle(millis);
        millis.forEach(ms -> collector.recordQuery(event(QueryKind.SELECT, "SELECT * FROM t", ms, true, null)));
        MetricsSnapshot.LatencyStats stats = collector.snapshot().latencyByKind().get(QueryKind.SELECT);
        assertThat(stats.count()).isEqualTo(1000);
        assertThat(stats.p50Millis()).isEqualTo(500.0);
        assertThat(stats.p95Millis()).isEqualTo(950.0);
        assertThat(stats.p99Millis()).isEqualTo(990.0);
        assertThat(stats.minMillis()).isEqualTo(1.0);
        assertThat(stats.maxMillis()).isEqualTo(1000.0);
        assertThat(stats.averageMillis()).isCloseTo(500.5, within(0.001));
    }

    @Test
    void countsSuccessRateErrorsAndTopQueries() {
        InMemoryMetricsCollector collector = new InMemoryMetricsCollector();
        for (int i = 0; i < 30; i++) {
            collector.recordQuery(event(QueryKind.SELECT, "SELECT * FROM users WHERE name = 'user" + i + "'", 2, true,
                    null));
        }
        for (int i = 0; i < 10; i++) {
            collector.recordQuery(event(QueryKind.INSERT, "INSERT INTO t (k) VALUES (" + i + ")", 3, false,
                    "WriteTimeoutException"));
        }
        collector.recordQuery(event(QueryKind.OTHER, "USE ks", 1, false, "InvalidQueryException"));
        MetricsSnapshot snapshot = collector.snapshot();
        assertThat(snapshot.totalQueries()).isEqualTo(41);
        assertThat(snapshot.failedQueries()).isEqualTo(11);
        assertThat(snapshot.successRate()).isCloseTo(30.0 / 41, within(1e-9));
        assertThat(snapshot.errorsByType()).containsEntry("WriteTimeoutException", 10L)
                .containsEntry("InvalidQueryException", 1L);
        // Queries differing only in literals share one fingerprint, which reveals neither text nor values.
        assertThat(snapshot.topQueries()).hasSize(3);
        assertThat(snapshot.topQueries().get(0).count()).isEqualTo(30);
        assertThat(snapshot.topQueries().get(0).kind()).isEqualTo(QueryKind.SELECT);
        assertThat(snapshot.topQueries().get(0).fingerprint()).matches("[0-9a-f]{16}");
        assertThat(snapshot.toString()).doesNotContain("user1").doesNotContain("users");
    }

    @Test
    void memoryStaysBoundedWhateverTheNumberOfDistinctQueries() {
        InMemoryMetricsCollector collector = new InMemoryMetricsCollector(1000);
        for (int i = 0; i < 20_000; i++) {
            collector.recordQuery(event(QueryKind.SELECT, "SELECT * FROM table_" + i, 1, true, null));
            collector.recordQuery(event(QueryKind.INSERT, "INSERT", 1, false, "Error" + i));
        }
        MetricsSnapshot snapshot = collector.snapshot();
        assertThat(collector.trackedFingerprints()).isLessThanOrEqualTo(1000);
        assertThat(snapshot.recentQueries()).isEqualTo(1000);
        assertThat(snapshot.errorsByType().size()).isLessThanOrEqualTo(101);
        assertThat(snapshot.errorsByType()).containsKey("other");
        assertThat(snapshot.totalQueries()).isEqualTo(40_000);
    }

    @Test
    void windowExcludesOldQueriesAndResetForgetsEverything() {
        InMemoryMetricsCollector collector = new InMemoryMetricsCollector(100, Duration.ofMinutes(5));
        collector.recordQuery(new QueryEvent(QueryKind.SELECT, "SELECT 1", null, 1_000_000, true, null, 0, 0, false,
                false, null, System.currentTimeMillis() - Duration.ofMinutes(6).toMillis()));
        collector.recordQuery(event(QueryKind.SELECT, "SELECT 1", 1, true, null));
        collector.recordStream(new StreamEvent(StreamEvent.Type.OPENED, QueryKind.SELECT, 1, 10));
        collector.recordStream(new StreamEvent(StreamEvent.Type.CANCELLED, QueryKind.SELECT, 2, 20));
        MetricsSnapshot snapshot = collector.snapshot();
        assertThat(snapshot.recentQueries()).isEqualTo(1);
        assertThat(snapshot.totalQueries()).isEqualTo(2);
        assertThat(snapshot.streamsOpened()).isEqualTo(1);
        assertThat(snapshot.streamsCancelled()).isEqualTo(1);
        collector.reset();
        assertThat(collector.snapshot().totalQueries()).isZero();
        assertThat(collector.snapshot().recentQueries()).isZero();
    }

    @Test
    void fingerprintsIgnoreLiteralsAndWhitespace() {
        assertThat(QueryFingerprint.normalize("SELECT *  FROM t\n WHERE id = 5f0c1e2a-1b2c-4d5e-8f90-123456789abc "
                + "AND name = 'O''Brien' AND n = -3.5 AND b = 0xCAFE AND f = true"))
                .isEqualTo("SELECT * FROM t WHERE id = ? AND name = ? AND n = ? AND b = ? AND f = ?");
        assertThat(QueryFingerprint.of("SELECT * FROM t WHERE k = 1"))
                .isEqualTo(QueryFingerprint.of("SELECT  *  FROM t WHERE k = 42"));
        assertThat(QueryFingerprint.of("SELECT * FROM t1")).isNotEqualTo(QueryFingerprint.of("SELECT * FROM t2"));
    }

    @Test
    void slowQueriesAreCounted() {
        InMemoryMetricsCollector collector = new InMemoryMetricsCollector();
        MetricsMiddleware middleware = MetricsMiddleware.builder().collector(collector)
                .slowQueryThreshold(Duration.ofMillis(100)).build();
        middleware.recordQuery(event(QueryKind.SELECT, "SELECT * FROM t WHERE secret = 'x'", 150, true, null));
        middleware.recordQuery(event(QueryKind.SELECT, "SELECT * FROM t", 50, true, null));
        assertThat(middleware.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(middleware.slowQueries()).isEqualTo(1);
        assertThat(collector.snapshot().totalQueries()).isEqualTo(2);
    }
}
