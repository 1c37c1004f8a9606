package io.github.asynccassandra.spring.boot.autoconfigure.metrics;

import io.github.asynccassandra.metrics.ConnectionMetrics;
import io.github.asynccassandra.metrics.NodeErrorEvent;
import io.github.asynccassandra.metrics.MetricsCollector;
import io.github.asynccassandra.metrics.QueryEvent;
import io.github.asynccassandra.metrics.QueryKind;
import io.github.asynccassandra.metrics.StreamEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes what the {@code MetricsMiddleware} records as Micrometer meters, named so that Prometheus
 * sees the series of the Python library's Prometheus collector:
 * <ul>
 * <li>{@code cassandra.query.duration} timer, tags {@code query_type} and {@code success}
 * ({@code success}/{@code failure}), with histogram buckets: {@code cassandra_query_duration_seconds};</li>
 * <li>{@code cassandra.queries} counter, same tags: {@code cassandra_queries_total};</li>
 * <li>{@code cassandra.errors} counter, tag {@code error_type}: {@code cassandra_errors_total};</li>
 * <li>{@code cassandra.connection.healthy} gauge (1 or 0), tag {@code host}:
 * {@code cassandra_connection_healthy};</li>
 * <li>{@code cassandra.streams} counter, tags {@code query_type} and {@code event}
 * ({@code opened}/{@code closed}/{@code cancelled}), and {@code cassandra.stream.rows} and
 * {@code cassandra.stream.pages} counters, tag {@code query_type};</li>
 * <li>attempt level: {@code cassandra.node.errors} counter, tags {@code node} and {@code error_type}: every
 * attempt that failed on a node; {@code cassandra.node.retries} counter, tag {@code node}: those the
 * driver then retried (on that node or another).</li>
 * </ul>
 * Every tag has a small, fixed set of values: {@code query_type} is the statement's kind
 * ({@code select}, {@code insert}, …), never its text; {@code node} is a node of the cluster now (its
 * meters go when it leaves); error types are at most {@value #MAX_ERROR_TYPES}.
 */
public final class MicrometerMetricsCollector implements MetricsCollector {

    /** Bucket bounds of the duration histogram: those of the Python library's collector. */
    static final Duration[] DURATION_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    /** Distinct error types tagged before further ones count as {@value #OTHER_ERROR}. */
    static final int MAX_ERROR_TYPES = 50;
    static final String OTHER_ERROR = "Other";

    private final MeterRegistry registry;
    // [kind][0 = failure, 1 = success], created up front so a request costs no registry lookup.
    private final Timer[][] durations;
    private final Counter[][] queries;
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final java.util.Set<String> errorTypes = ConcurrentHashMap.newKeySet();
    /** One gauge per node of the cluster now: a node that leaves takes its gauge with it. */
    private final Map<String, HostGauge> hostHealth = new ConcurrentHashMap<>();
    private final Map<String, Counter> streamCounters = new ConcurrentHashMap<>();
    /** Attempt-level counters by node, and by error type under {@code node|type}. */
    private final Map<String, Counter> nodeCounters = new ConcurrentHashMap<>();

    /**
     * A collector that publishes to {@code registry}.
     *
     * @param registry where the meters are registered
     */
    public MicrometerMetricsCollector(MeterRegistry registry) {
        this.registry = registry;
        QueryKind[] kinds = QueryKind.values();
        this.durations = new Timer[kinds.length][2];
        this.queries = new Counter[kinds.length][2];
        for (QueryKind kind : kinds) {
            for (int success = 0; success < 2; success++) {
                String queryType = queryType(kind);
                String outcome = success == 1 ? "success" : "failure";
                durations[kind.ordinal()][success] = Timer.builder("cassandra.query.duration")
                        .description("Duration of Cassandra requests").tag("query_type", queryType)
                        .tag("success", outcome).serviceLevelObjectives(DURATION_BUCKETS).register(registry);
                queries[kind.ordinal()][success] = Counter.builder("cassandra.queries")
                        .description("Cassandra requests made").tag("query_type", queryType).tag("success", outcome)
                        .register(registry);
            }
        }
    }

    @Override
    public void recordQuery(QueryEvent event) {
        int kind = event.kind().ordinal();
        int success = event.success() ? 1 : 0;
        durations[kind][success].record(event.durationNanos(), TimeUnit.NANOSECONDS);
        queries[kind][success].increment();
        if (!event.success()) {
            errorCounter(event.errorType()).increment();
        }
    }

    @Override
    public void recordNodeError(NodeErrorEvent event) {
        String type = event.errorType() == null ? "Unknown" : event.errorType();
        if (!errorTypes.contains(type) && errorTypes.size() >= MAX_ERROR_TYPES) {
            type = OTHER_ERROR;
        } else {
            errorTypes.add(type);
        }
        String errorType = type;
        nodeCounters.computeIfAbsent(event.node() + '|' + errorType, key -> Counter.builder("cassandra.node.errors")
                .description("Attempts that failed on a node").tag("node", event.node())
                .tag("error_type", errorType).register(registry)).increment();
        if (event.retried()) {
            nodeCounters.computeIfAbsent(event.node(), key -> Counter.builder("cassandra.node.retries")
                    .description("Failed attempts the driver retried").tag("node", event.node()).register(registry))
                    .increment();
        }
    }

    @Override
    public void recordStream(StreamEvent event) {
        String queryType = queryType(event.kind());
        String type = event.type().name().toLowerCase(Locale.ROOT);
        streamCounter("cassandra.streams", "Streams opened, finished or cancelled", queryType, type).increment();
        if (event.type() != StreamEvent.Type.OPENED) {
            streamCounter("cassandra.stream.rows", "Rows delivered by streams", queryType, null)
                    .increment(event.rows());
            streamCounter("cassandra.stream.pages", "Pages fetched by streams", queryType, null)
                    .increment(event.pages());
        }
    }

    @Override
    public void recordConnection(ConnectionMetrics metrics) {
        hostHealth.computeIfAbsent(metrics.host(), host -> {
            AtomicInteger healthy = new AtomicInteger();
            Gauge gauge = Gauge.builder("cassandra.connection.healthy", healthy, AtomicInteger::get)
                    .description("Whether the node answered its last probe (1) or not (0)").tag("host", host)
                    .register(registry);
            return new HostGauge(healthy, gauge);
        }).healthy().set(metrics.healthy() ? 1 : 0);
    }

    @Override
    public void nodeRemoved(String host) {
        HostGauge removed = hostHealth.remove(host);
        if (removed != null) {
            registry.remove(removed.gauge());
        }
        nodeCounters.entrySet().removeIf(entry -> {
            boolean ofNode = entry.getKey().equals(host) || entry.getKey().startsWith(host + '|');
            if (ofNode) {
                registry.remove(entry.getValue());
            }
            return ofNode;
        });
    }

    private record HostGauge(AtomicInteger healthy, Gauge gauge) {
    }

    private Counter errorCounter(String errorType) {
        String type = errorType == null ? "Unknown" : errorType;
        Counter counter = errors.get(type);
        if (counter != null) {
            return counter;
        }
        String tag = errors.size() < MAX_ERROR_TYPES ? type : OTHER_ERROR;
        return errors.computeIfAbsent(tag, t -> Counter.builder("cassandra.errors")
                .description("Failed Cassandra requests, by error").tag("error_type", t).register(registry));
    }

    private Counter streamCounter(String name, String description, String queryType, String event) {
        return streamCounters.computeIfAbsent(name + '|' + queryType + '|' + event, key -> {
            Counter.Builder builder = Counter.builder(name).description(description).tag("query_type", queryType);
            return (event == null ? builder : builder.tag("event", event)).register(registry);
        });
    }

    private static String queryType(QueryKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
