package io.github.asynccassandra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsMiddlewareTest {

    @Test
    void throwingCollectorIsSkippedAndCounted() {
        List<QueryEvent> received = new ArrayList<>();
        MetricsMiddleware middleware = new MetricsMiddleware(event -> {
            throw new IllegalStateException("broken collector");
        }, received::add);
        QueryEvent event = new QueryEvent(QueryKind.SELECT, "SELECT 1", "ks", 1_000, true, null, 1, 0, false, false,
                null, 0);
        middleware.recordQuery(event);
        middleware.recordQuery(event);
        assertThat(received).containsExactly(event, event);
        assertThat(middleware.collectorFailures()).isEqualTo(2);
    }

    @Test
    void needsACollector() {
        assertThatIllegalArgumentException().isThrownBy(MetricsMiddleware::new).withMessageContaining("collector");
    }
}
