package io.github.asynccassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.internal.LazyAsyncCassandraSession;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
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

    /**
     * A WebFlux handler (or Spring Data's CqlSession bean, which is this session's driver session) asking for the driver
     * session before the first connect would block its event loop for up to the connect timeout while Cassandra is
     * down, stalling every request on that loop: on any Netty event loop it fails fast instead.
     */
    @Test
    void theDriverSessionBeforeTheFirstConnectFailsFastOnAnyNettyEventLoop(EmbeddedCassandra cassandra)
            throws Exception {
        DefaultEventLoop applicationLoop = new DefaultEventLoop();
        try (AsyncCluster cluster = ClusterSupport.builderFor(cassandra).build()) {
            AsyncCassandraSession session = cluster.connectLazily(null, Duration.ofSeconds(20));
            cassandra.pause(1);
            try {
                CompletableFuture<Object> onTheLoop = new CompletableFuture<>();
                long start = System.nanoTime();
                applicationLoop.execute(() -> {
                    try {
                        onTheLoop.complete(session.getDriverSession());
                    } catch (RuntimeException e) {
                        onTheLoop.complete(e);
                    }
                });
                Object outcome = onTheLoop.get(60, TimeUnit.SECONDS);
                assertThat(outcome).isInstanceOf(IllegalStateException.class);
                assertThat(((Exception) outcome).getMessage()).contains("event loop")
                        .contains("getDriverSession()");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("failed fast, not after the connect timeout")
                        .isLessThan(Duration.ofSeconds(15));
            } finally {
                cassandra.resume(1);
            }
            assertThat(session.execute("SELECT release_version FROM system.local").join().one().getString(0))
                    .startsWith("5.");
            CompletableFuture<Object> connected = new CompletableFuture<>();
            applicationLoop.execute(() -> connected.complete(session.getDriverSession()));
            assertThat(connected.get(60, TimeUnit.SECONDS)).as("once connected it is handed out at once")
                    .isSameAs(session.getDriverSession());
        } finally {
            applicationLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
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
