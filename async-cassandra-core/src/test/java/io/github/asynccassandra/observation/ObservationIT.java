package io.github.asynccassandra.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.github.asynccassandra.internal.ObservedCqlSession;
import io.github.asynccassandra.metrics.InMemoryMetricsCollector;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.streaming.AsyncStreamingResultSet;
import io.github.asynccassandra.streaming.StreamConfig;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;

/** One {@code cassandra.query} observation per request, against a real node, whoever sends it. */
@EmbeddedCassandraTest
class ObservationIT {

    static final TestObservationRegistry registry = TestObservationRegistry.create();
    static final List<CassandraQueryContext> stopped = new CopyOnWriteArrayList<>();
    static final InMemoryMetricsCollector memory = new InMemoryMetricsCollector();
    static final MetricsMiddleware metrics = new MetricsMiddleware(memory);
    static AsyncCluster cluster;
    static AsyncCassandraSession session;

    @BeforeAll
    static void connect(EmbeddedCassandra cassandra) {
        registry.observationConfig().observationHandler(new ObservationHandler<CassandraQueryContext>() {
            @Override
            public void onStop(CassandraQueryContext context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof CassandraQueryContext;
            }
        });
        cluster = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).metrics(metrics).observationRegistry(registry)
                .option("basic.request.timeout", Duration.ofSeconds(15)).build();
        session = cluster.connect().join();
        session.execute("CREATE KEYSPACE IF NOT EXISTS observed WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
        session.execute("CREATE TABLE IF NOT EXISTS observed.kv (p int, c int, v text, PRIMARY KEY (p, c))").join();
        session.setKeyspace("observed").join();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int c = 0; c < 35; c++) {
            writes.add(session.execute("INSERT INTO kv (p, c, v) VALUES (1, ?, 'x')", c));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    @AfterAll
    static void shutdown() {
        cluster.close();
    }

    @BeforeEach
    void clear() {
        metrics.flush(Duration.ofSeconds(10));
        registry.clear();
        stopped.clear();
        memory.reset();
    }

    @Test
    void anExecuteIsOneObservationWithTheSemanticKeysUnderTheCurrentObservation() {
        Observation parent = Observation.start("http.server.request", registry);
        try (Observation.Scope scope = parent.openScope()) {
            session.execute("SELECT v FROM kv WHERE p = 1 AND c = 7").join();
        } finally {
            parent.stop();
        }
        CassandraQueryContext query = awaitOne();
        assertThat(query.getParentObservation()).isSameAs(parent);
        // Micrometer calls stop handlers last-registered first: ours has seen the stop just before the test
        // registry's own handler marks it stopped.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo("cassandra.query").that()
                .hasContextualNameEqualTo("SELECT observed")
                .hasLowCardinalityKeyValue("db.system.name", "cassandra")
                .hasLowCardinalityKeyValue("db.namespace", "observed")
                .hasLowCardinalityKeyValue("db.operation.name", "SELECT")
                .hasLowCardinalityKeyValue("cassandra.consistency.level", "LOCAL_ONE")
                .hasLowCardinalityKeyValue("error.type", "none")
                .hasLowCardinalityKeyValue("outcome", "SUCCESS")
                .hasHighCardinalityKeyValue("db.query.text", "SELECT v FROM kv WHERE p = ? AND c = ?")
                .hasHighCardinalityKeyValue("server.address", "127.0.0.1")
                .hasHighCardinalityKeyValue("cassandra.speculative_execution.count", "0")
                .hasHighCardinalityKeyValue("cassandra.page.size", "5000")
                .hasBeenStopped());
    }

    @Test
    void aFailedQueryCarriesItsErrorType() {
        assertThat(session.execute("SELECT * FROM no_such_table")).failsWithin(Duration.ofSeconds(20))
                .withThrowableThat().havingCause().isInstanceOf(InvalidQueryException.class);
        awaitOne();
        TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo("cassandra.query").that()
                .hasLowCardinalityKeyValue("error.type", "InvalidQueryException")
                .hasLowCardinalityKeyValue("outcome", "ERROR").hasError();
    }

    @Test
    void aBatchAndAPrepareAreObservedToo() {
        BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.UNLOGGED,
                SimpleStatement.newInstance("INSERT INTO kv (p, c, v) VALUES (2, 1, 'a')"),
                SimpleStatement.newInstance("INSERT INTO kv (p, c, v) VALUES (2, 2, 'b')"));
        session.executeBatch(batch).join();
        PreparedStatement prepared = session.prepare("SELECT v FROM kv WHERE p = ?").join();
        session.execute(prepared, 1).join();
        awaitCount(3);
        assertThat(stopped).extracting(context -> context.getLowCardinalityKeyValue("db.operation.name").getValue())
                .containsExactlyInAnyOrder("BATCH", "SELECT", "SELECT");
        assertThat(stopped).filteredOn(context -> context.getNode() != null).hasSize(2);
    }

    @Test
    void aPrepareTheDriverAnswersFromItsCacheIsNeitherObservedNorMeasured() {
        // Spring Data prepares its statement again before each execution; the driver answers all but the
        // first from its cache of prepared statements, without a request to a node.
        String cql = "SELECT v FROM kv WHERE p = ? AND c = ?";
        session.prepare(cql).join();
        session.prepare(cql).join();
        session.getDriverSession().prepare(cql);
        session.getDriverSession().prepareAsync(cql).toCompletableFuture().join();
        assertThat(stopped).as("one PREPARE reached the node").hasSize(1);
        assertThat(metrics.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(memory.snapshot().totalQueries()).isEqualTo(1);
    }

    @Test
    void aFailedPrepareThroughTheDriverSessionIsObservedAndThrowsTheDriversError() {
        // Through the driver's synchronous API, as plain driver code calls it: the driver's own exception.
        assertThatThrownBy(() -> session.getDriverSession().prepare("SELECT v FROM no_such_table_for_prepare"))
                .isInstanceOf(InvalidQueryException.class);
        assertThat(awaitOne().getLowCardinalityKeyValue("error.type").getValue()).isEqualTo("InvalidQueryException");
        assertThat(stopped.get(0).getQueryText()).isEqualTo("SELECT v FROM no_such_table_for_prepare");
    }

    @Test
    void everyPageOfAStreamIsAnObservationUnderTheObservationThatOpenedIt() {
        Observation parent = Observation.start("export", registry);
        AsyncStreamingResultSet stream;
        try (Observation.Scope scope = parent.openScope()) {
            stream = session.executeStream("SELECT c FROM kv WHERE p = 1", StreamConfig.builder().fetchSize(10)
                    .build()).join();
        }
        // The rows are consumed elsewhere, with no current observation: pages still belong to the parent.
        assertThat(CompletableFuture.supplyAsync(() -> stream.forEach(row -> { }).join())).succeedsWithin(
                Duration.ofSeconds(30)).isEqualTo(35L);
        parent.stop();
        awaitCount(4);
        assertThat(stopped).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(context -> assertThat(context.getParentObservation()).isSameAs(parent))
                .allSatisfy(context -> assertThat(context.getPageSize()).isEqualTo(10));
    }

    @Test
    void theDriverSessionHandedOutIsObservedAndMeasuredLikeTheApi() {
        Observation parent = Observation.start("raw", registry);
        try (Observation.Scope scope = parent.openScope()) {
            session.getDriverSession().execute("SELECT v FROM kv WHERE p = 1 AND c = 1");
            session.getDriverSession().executeAsync(SimpleStatement.newInstance("SELECT v FROM kv WHERE p = 1 AND c = 2"))
                    .toCompletableFuture().join();
        } finally {
            parent.stop();
        }
        awaitCount(2);
        assertThat(stopped).allSatisfy(context -> assertThat(context.getParentObservation()).isSameAs(parent));
        // The driver completes a request's future just before it reports the request's end: poll.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (memory.snapshot().totalQueries() < 2 && System.nanoTime() < deadline) {
            metrics.flush(Duration.ofSeconds(10));
        }
        assertThat(memory.snapshot().totalQueries()).as("measured by the tracker").isEqualTo(2);
    }

    @Test
    void aReactiveRequestThroughTheDriverSessionIsMeasuredButNotObserved() {
        // Sent only when subscribed, so no observation is started when it is built; the tracker measures it.
        assertThat(Flux.from(session.getDriverSession().executeReactive("SELECT v FROM kv WHERE p = 1 AND c = 1"))
                .collectList().block(Duration.ofSeconds(20))).hasSize(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (memory.snapshot().totalQueries() < 1 && System.nanoTime() < deadline) {
            metrics.flush(Duration.ofSeconds(10));
        }
        assertThat(memory.snapshot().totalQueries()).as("measured by the tracker").isEqualTo(1);
        assertThat(stopped).as("observed").isEmpty();
    }

    @Test
    void aSharedStatementSentManyTimesAtOnceEndsEveryObservation() {
        SimpleStatement shared = SimpleStatement.newInstance("SELECT v FROM kv WHERE p = 1 AND c = 4");
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sends.add(session.execute(shared));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        awaitCount(20);
        assertThat(stopped).hasSize(20).allSatisfy(context -> assertThat(context.getNode()).isNotNull());
    }

    @Test
    void theCallersMdcIsSeenInTheCompletion() {
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<String> thread = new AtomicReference<>();
        MDC.put("traceId", "caller-7f3a");
        try {
            // A request can complete before the callback is chained, which then runs here, on the caller's
            // thread: send again until the callback runs where the context has to be carried.
            for (int attempt = 0; attempt < 50 && (thread.get() == null || !thread.get().contains("-callback-"));
                    attempt++) {
                session.execute("SELECT v FROM kv WHERE p = 1 AND c = 3").thenAccept(rows -> {
                    seen.set(MDC.get("traceId"));
                    thread.set(Thread.currentThread().getName());
                }).join();
            }
        } finally {
            MDC.remove("traceId");
        }
        assertThat(thread.get()).startsWith("async-cassandra-").contains("-callback-");
        assertThat(seen.get()).isEqualTo("caller-7f3a");
    }

    @Test
    void aCustomConventionNamesTheObservations(EmbeddedCassandra cassandra) {
        TestObservationRegistry own = TestObservationRegistry.create();
        CassandraQueryObservationConvention convention = new DefaultCassandraQueryObservationConvention() {
            @Override
            public String getName() {
                return "shop.db";
            }

            @Override
            public io.micrometer.common.KeyValues getLowCardinalityKeyValues(CassandraQueryContext context) {
                return super.getLowCardinalityKeyValues(context).and(KeyValue.of("team", "orders"));
            }
        };
        try (AsyncCluster custom = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).observationRegistry(own)
                .observationConvention(convention).build()) {
            custom.connect().join().execute("SELECT release_version FROM system.local").join();
        }
        TestObservationRegistryAssert.assertThat(own).hasObservationWithNameEqualTo("shop.db").that()
                .hasLowCardinalityKeyValue("team", "orders").hasLowCardinalityKeyValue("db.operation.name", "SELECT");
    }

    @Test
    void withoutARegistryNothingIsWrapped(EmbeddedCassandra cassandra) {
        try (AsyncCluster plain = AsyncCluster.builder().contactPoints("127.0.0.1").port(cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).build()) {
            assertThat(plain.connect().join().getDriverSession()).isNotInstanceOf(ObservedCqlSession.class);
        }
    }

    private static CassandraQueryContext awaitOne() {
        awaitCount(1);
        assertThat(stopped).hasSize(1);
        return stopped.get(0);
    }

    private static void awaitCount(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (stopped.size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(stopped).as("stopped observations").hasSizeGreaterThanOrEqualTo(count);
    }
}
