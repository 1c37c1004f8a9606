package io.github.asynccassandra.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A scan is every row once, at the subscriber's pace, with its columns and restriction. */
@EmbeddedCassandraTest
class BulkScanIT {

    static final String KS = "bulkscan";
    static final int ROWS = 2500;
    static AsyncCluster cluster;
    static AsyncCassandraSession session;

    @BeforeAll
    static void fill(EmbeddedCassandra cassandra) {
        cluster = BulkTables.cluster(cassandra);
        session = BulkTables.withKeyspace(cluster, KS);
        BulkTables.create(session, BulkTables.EMPTY, KS, "items");
        BulkTables.fill(session, "INSERT INTO " + KS + ".items (k, v) VALUES (?, ?)", ROWS,
                i -> new Object[] {i, i % 10 == 0 ? "tenth" : "other"});
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @Test
    void everyRowComesOnceInSmallRequests() {
        Collector collector = new Collector(7);
        BulkOperations.of(session).scan(KS, "items", BulkOptions.builder().pageSize(100).parallelism(3).build())
                .subscribe(collector);
        assertThat(collector.done).succeedsWithin(Duration.ofSeconds(60));
        assertThat(collector.rows).extracting(row -> row.getInt("k")).hasSize(ROWS).doesNotHaveDuplicates();
    }

    @Test
    void rowsComeNoFasterThanAskedAndCancelStopsTheScan() throws InterruptedException {
        Collector collector = new Collector(0);
        BulkOperations.of(session).scan(KS, "items", BulkOptions.builder().pageSize(50).build())
                .subscribe(collector);
        collector.subscription.get().request(5);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (collector.rows.size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(300);
        assertThat(collector.rows).hasSize(5);
        collector.subscription.get().cancel();
        collector.subscription.get().request(100);
        Thread.sleep(300);
        assertThat(collector.rows).hasSize(5);
        assertThat(collector.done).isNotDone();
    }

    @Test
    void columnsAndARestrictionWithFilteringAreRead() {
        Collector collector = new Collector(Long.MAX_VALUE);
        BulkOperations.of(session).scan(KS, "items", BulkOptions.builder().columns(List.of("k"))
                .where("v = 'tenth'").allowFiltering(true).build()).subscribe(collector);
        assertThat(collector.done).succeedsWithin(Duration.ofSeconds(60));
        assertThat(collector.rows).hasSize(ROWS / 10).allSatisfy(row -> {
            assertThat(row.getColumnDefinitions().size()).isEqualTo(1);
            assertThat(row.getInt("k") % 10).isZero();
        });
    }

    @Test
    void aRestrictionThatNeedsFilteringFailsTheScanWithTheServersReason() {
        Collector collector = new Collector(Long.MAX_VALUE);
        BulkOperations.of(session).scan(KS, "items", BulkOptions.builder().where("v = 'tenth'").build())
                .subscribe(collector);
        assertThat(collector.done).failsWithin(Duration.ofSeconds(60)).withThrowableThat()
                .havingRootCause().isInstanceOf(InvalidQueryException.class).withMessageContaining("ALLOW FILTERING");
    }

    @Test
    void anUnknownColumnIsRefusedNamingIt() {
        assertThatThrownBy(() -> BulkOperations.of(session).scan(KS, "items", BulkOptions.builder()
                .columns(List.of("k", "nope")).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No column 'nope' in table bulkscan.items; it has k, v");
    }

    @Test
    void progressIsRecordedInMicrometerAndTheGaugeEndsWithTheOperation() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BulkOperations bulk = BulkOperations.of(session, meters);
        assertThat(bulk.count(KS, "items", BulkOptions.builder().splits(16).build()).join()).isEqualTo(ROWS);
        assertThat(meters.get("cassandra.bulk.rows").tags("operation", "count", "table", "bulkscan.items").counter()
                .count()).isEqualTo(ROWS);
        assertThat(meters.get("cassandra.bulk.ranges").tags("operation", "count").counter().count()).isEqualTo(16);
        assertThat(meters.find("cassandra.bulk.progress").gauges()).as("removed at the end").isEmpty();
        assertThatThrownBy(() -> BulkOperations.of(session, "not a registry"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MeterRegistry");
    }

    /** Asks for {@code batch} rows whenever the last batch has come (0: the test asks). */
    static final class Collector implements Flow.Subscriber<Row> {
        final long batch;
        final List<Row> rows = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        private long left;

        Collector(long batch) {
            this.batch = batch;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
            if (batch > 0) {
                left = batch;
                s.request(batch);
            }
        }

        @Override
        public void onNext(Row row) {
            rows.add(row);
            if (batch > 0 && batch != Long.MAX_VALUE && --left == 0) {
                left = batch;
                subscription.get().request(batch);
            }
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }
}
