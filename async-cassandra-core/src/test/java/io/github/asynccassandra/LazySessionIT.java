package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.internal.LazyAsyncCassandraSession;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A session that connects on first use, against a real node that is first unreachable, then back. */
@EmbeddedCassandraTest
class LazySessionIT {

    @Test
    void connectsOnFirstUseAndTriesAgainAfterAFailure(EmbeddedCassandra cassandra) {
        try (AsyncCluster cluster = ClusterSupport.builderFor(cassandra).build()) {
            AsyncCassandraSession session = cluster.connectLazily(null, Duration.ofSeconds(3));
            LazyAsyncCassandraSession lazy = (LazyAsyncCassandraSession) session;
            assertThat(lazy.isConnected()).isFalse();
            assertThat(session.isClosed()).isFalse();

            cassandra.pause(1);
            try {
                assertThatThrownBy(() -> session.execute("SELECT release_version FROM system.local").join())
                        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ConnectionException.class);
                assertThat(lazy.isConnected()).isFalse();
                assertThat(lazy.lastFailure()).isInstanceOf(ConnectionException.class);
            } finally {
                cassandra.resume(1);
            }

            // The next use tries again, and every request sent while connecting waits for the connect.
            CompletableFuture<AsyncResultSet> first = session.execute("SELECT release_version FROM system.local");
            CompletableFuture<AsyncResultSet> second = session.execute("SELECT cluster_name FROM system.local");
            assertThat(first.join().one().getString(0)).startsWith("5.");
            assertThat(second.join().one().getString(0)).isNotBlank();
            assertThat(lazy.isConnected()).isTrue();
            assertThat(lazy.lastFailure()).isNull();
            assertThat(session.getDriverSession().isClosed()).isFalse();

            session.close();
            assertThat(session.isClosed()).isTrue();
            assertThatThrownBy(() -> session.execute("SELECT release_version FROM system.local").join())
                    .hasCauseInstanceOf(ConnectionException.class);
        }
    }

    @Test
    void closingWhileConnectingClosesTheSessionThatOpensLate(EmbeddedCassandra cassandra) {
        try (AsyncCluster cluster = ClusterSupport.builderFor(cassandra).build()) {
            // The connect is held back until the session has been closed: the window is hit every time.
            CompletableFuture<Void> gate = new CompletableFuture<>();
            CompletableFuture<AsyncCassandraSession> opened = new CompletableFuture<>();
            LazyAsyncCassandraSession lazy = new LazyAsyncCassandraSession(() -> gate.thenCompose(ignored ->
                    cluster.connect()).whenComplete((session, error) -> opened.complete(session)), null, null,
                    Duration.ofSeconds(30));
            CompletableFuture<AsyncCassandraSession> connecting = lazy.connection();
            CompletableFuture<Void> closed = lazy.closeAsync();
            assertThat(closed).isNotDone();
            gate.complete(null);
            assertThat(closed).succeedsWithin(Duration.ofSeconds(30));
            assertThat(connecting).failsWithin(Duration.ofSeconds(30));
            assertThat(opened.join().isClosed()).as("the session that opened late").isTrue();
            assertThat(lazy.isConnected()).isFalse();
            assertThat(lazy.isClosed()).isTrue();
        }
    }

    @Test
    void aSessionNeverUsedClosesAtOnceAndTheClusterShutsDown(EmbeddedCassandra cassandra) {
        AsyncCluster cluster = ClusterSupport.builderFor(cassandra).build();
        AsyncCassandraSession session = cluster.connectLazily("system", Duration.ofSeconds(30));
        assertThat(session.getKeyspace()).isEqualTo("system");
        assertThat(session.closeAsync()).isCompleted();
        cluster.shutdown().join();
    }
}
