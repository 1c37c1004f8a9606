package io.github.asynccassandra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsMiddlewareTest {

    private static QueryEvent event(String cql) {
        return new QueryEvent(QueryKind.SELECT, cql, "ks", 1_000, true, null, 1, 0, false, false, null, 0);
    }

    @Test
    void throwingCollectorIsSkippedAndCounted() {
        List<QueryEvent> received = new CopyOnWriteArrayList<>();
        MetricsMiddleware middleware = new MetricsMiddleware(event -> {
            throw new IllegalStateException("broken collector");
        }, received::add);
        QueryEvent event = event("SELECT 1");
        middleware.recordQuery(event);
        middleware.recordQuery(event);
        assertThat(middleware.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(received).containsExactly(event, event);
        assertThat(middleware.collectorFailures()).isEqualTo(2);
    }

    @Test
    void anErrorFromOneCollectorNeitherStopsTheOthersNorTheDelivery() {
        List<Object> received = new CopyOnWriteArrayList<>();
        MetricsCollector throwingErrors = new MetricsCollector() {
            @Override
            public void recordQuery(QueryEvent event) {
                throw new StackOverflowError("collector bug");
            }

            @Override
            public void recordStream(StreamEvent event) {
                throw new AssertionError("collector bug");
            }
        };
        MetricsCollector healthy = new MetricsCollector() {
            @Override
            public void recordQuery(QueryEvent event) {
                received.add(event);
            }

            @Override
            public void recordStream(StreamEvent event) {
                received.add(event);
            }
        };
        MetricsMiddleware middleware = new MetricsMiddleware(throwingErrors, healthy);
        middleware.recordQuery(event("SELECT 1"));
        middleware.recordStream(new StreamEvent(StreamEvent.Type.OPENED, QueryKind.SELECT, 1, 1));
        middleware.recordQuery(event("SELECT 2"));
        assertThat(middleware.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(received).hasSize(3);
        assertThat(middleware.collectorFailures()).isEqualTo(3);
    }

    @Test
    void aBlockedCollectorNeverBlocksTheRecorderAndTheQueueIsBoundedInEntriesAndBytes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstArrived = new CountDownLatch(1);
        List<QueryEvent> received = new CopyOnWriteArrayList<>();
        MetricsMiddleware middleware = MetricsMiddleware.builder().queueCapacity(10).queueBytes(10_000)
                .collector(event -> {
                    received.add(event);
                    firstArrived.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).build();
        middleware.recordQuery(event("SELECT 0"));
        assertThat(firstArrived.await(10, TimeUnit.SECONDS)).isTrue();
        // The collector is stuck on the first event: these return at once, and beyond the bound are dropped.
        for (int i = 1; i <= 100; i++) {
            middleware.recordQuery(event("SELECT " + i));
        }
        assertThat(middleware.droppedEvents()).isEqualTo(90);
        // A query whose text alone is over the byte bound is dropped too, not queued.
        middleware.recordQuery(event("SELECT '" + "x".repeat(20_000) + "'"));
        assertThat(middleware.droppedEvents()).isEqualTo(91);
        release.countDown();
        assertThat(middleware.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(received).hasSize(11);
    }

    @Test
    void needsACollector() {
        assertThatIllegalArgumentException().isThrownBy(MetricsMiddleware::new).withMessageContaining("collector");
    }
}
