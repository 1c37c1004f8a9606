package io.github.asynccassandra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the tracker remembers per request in flight: pure bookkeeping, with a recording observations seam. */
class RequestObserverTest {

    /** Observations as opaque strings: "obs-1", "obs-2", …; records which were stopped. */
    static final class Recording implements QueryObservations {
        final List<Object> stopped = new ArrayList<>();
        int started;

        @Override
        public Object current() {
            return null;
        }

        @Override
        public Object start(Request request, Object parent, String keyspace) {
            return "obs-" + ++started;
        }

        @Override
        public void nodeError(Object observation, Node node, Throwable error) {
        }

        @Override
        public void executionInfo(Object observation, ExecutionInfo info) {
        }

        @Override
        public void stop(Object observation, Request request, Node node, DriverExecutionProfile profile,
                Throwable error) {
            stopped.add(observation);
        }
    }

    @Test
    void oneStatementSentTwiceAtOnceEndsBothObservations() {
        Recording observations = new Recording();
        RequestObserver observer = new RequestObserver(null, observations);
        SimpleStatement shared = SimpleStatement.newInstance("SELECT * FROM t");
        observer.observe(shared, null);
        observer.observe(shared, null);
        observer.onSuccess(shared, 1_000, null, null, "s0");
        observer.onError(shared, new RuntimeException("second"), 2_000, null, null, "s0");
        assertThat(observations.stopped).containsExactly("obs-1", "obs-2");
        assertThat(observer.remembered()).isZero();
    }

    @Test
    void nothingIsRememberedForAnUnobservedRequestThatEnds() {
        RequestObserver observer = new RequestObserver(null, null);
        SimpleStatement statement = SimpleStatement.newInstance("SELECT * FROM t");
        assertThat(observer.observe(statement, null)).isNull();
        observer.onSuccess(statement, 1_000, null, null, "s0");
        assertThat(observer.remembered()).isZero();
    }

    @Test
    void anEntryWhoseEndNeverCameIsForgottenAndItsObservationEnded() throws InterruptedException {
        Recording observations = new Recording();
        RequestObserver observer = new RequestObserver(null, observations);
        observer.observe(SimpleStatement.newInstance("SELECT * FROM t"), null);
        Thread.sleep(5);
        observer.forgetOlderThan(Duration.ofMillis(1));
        assertThat(observations.stopped).containsExactly("obs-1");
        assertThat(observer.remembered()).isZero();
    }
}
