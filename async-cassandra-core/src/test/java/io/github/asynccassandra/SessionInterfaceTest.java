package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.streaming.AsyncStreamingResultSet;
import io.github.asynccassandra.streaming.StreamConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The session is an interface: a test double implements its few core methods, every overload goes there. */
class SessionInterfaceTest {

    /** What an application's own test double looks like. */
    static final class RecordingSession implements AsyncCassandraSession {
        final List<Statement<?>> executed = new ArrayList<>();
        final List<String> prepared = new ArrayList<>();

        @Override
        public CompletableFuture<AsyncResultSet> execute(Statement<?> statement, ExecuteOptions options) {
            executed.add(statement);
            return CompletableFuture.completedFuture(AsyncResultSet.of(List.of(), null, null, true, false));
        }

        @Override
        public CompletableFuture<AsyncStreamingResultSet> executeStream(Statement<?> statement, StreamConfig config) {
            executed.add(statement);
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<PreparedStatement> prepare(String cql, Map<String, ByteBuffer> payload,
                Duration timeout) {
            prepared.add(cql);
            return new CompletableFuture<>();
        }

        @Override
        public String getKeyspace() {
            return null;
        }

        @Override
        public CqlSession getDriverSession() {
            throw new UnsupportedOperationException();
        }

        @Override
        public MetricsMiddleware getMetrics() {
            return null;
        }

        @Override
        public CompletableFuture<Void> closeAsync() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> forceCloseAsync() {
            return closeAsync();
        }

        @Override
        public boolean isClosed() {
            return false;
        }
    }

    @Test
    void everyOverloadDelegatesToTheCoreMethods() {
        RecordingSession session = new RecordingSession();
        session.execute("SELECT 1").join();
        session.execute("SELECT * FROM t WHERE k = ?", 7).join();
        session.execute("SELECT * FROM t WHERE k = :k", Map.of("k", 7)).join();
        session.executeBatch(BatchStatement.newInstance(DefaultBatchType.LOGGED,
                SimpleStatement.newInstance("INSERT INTO t (k) VALUES (1)"))).join();
        session.executeStream("SELECT * FROM t");
        session.setKeyspace("shop").join();
        session.prepare("SELECT * FROM t WHERE k = ?");
        assertThat(session.executed).hasSize(6);
        assertThat(((SimpleStatement) session.executed.get(1)).getPositionalValues()).containsExactly(7);
        assertThat(((SimpleStatement) session.executed.get(5)).getQuery()).isEqualTo("USE shop");
        assertThat(session.prepared).containsExactly("SELECT * FROM t WHERE k = ?");
    }

    @Test
    void badInputFailsTheFutureInTheOverloadsBeforeReachingAnImplementation() {
        RecordingSession session = new RecordingSession();
        assertThat(session.execute((String) null)).failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                .isInstanceOf(IllegalArgumentException.class).withMessage("CQL must not be null");
        assertThat(session.executeBatch(BatchStatement.newInstance(DefaultBatchType.LOGGED)))
                .failsWithin(Duration.ZERO).withThrowableThat().havingCause().withMessageContaining("at least one");
        assertThat(session.setKeyspace("shop; DROP TABLE t")).failsWithin(Duration.ZERO).withThrowableThat()
                .havingCause().withMessageContaining("Invalid keyspace name");
        assertThat(session.executed).isEmpty();
    }
}
