package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.PrepareRequest;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.session.Session;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.metrics.NodeErrorEvent;
import io.github.asynccassandra.metrics.QueryEvent;
import io.github.asynccassandra.metrics.QueryKind;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The one place where requests are observed: the driver's {@link RequestTracker} on a session the
 * cluster opens. The driver calls it for every request on that session, whoever sent it (this library,
 * a Spring Data template, plain driver code), for every page and every attempt. It turns each request's
 * end into one {@link QueryEvent} for the metrics, each failed attempt into a {@link NodeErrorEvent}, and
 * ends the request's observation, when its sender started one ({@link #observe}).
 *
 * <p>Called on driver I/O threads: it only counts, fills records and hands them to the metrics' queue.
 * What it keeps per request lives only while the request is in flight, and only for requests that are
 * observed or have had a failed attempt.
 */
public final class RequestObserver implements RequestTracker {

    /** Requests the connection monitor sends: counted per node by the monitor, not as queries. */
    public static final String MONITOR_PROBE_CQL = "SELECT release_version FROM system.local";
    /**
     * Requests remembered at most: far more than a session has in flight. Only a retry policy that sends a
     * changed statement leaves an entry behind (its end is reported under the new one); this bounds them.
     */
    static final int MAX_REMEMBERED = 65_536;

    private final MetricsMiddleware metrics;
    private final QueryObservations observations;
    private final Map<Key, InFlight> inFlight = new ConcurrentHashMap<>();
    private volatile Session session;

    /**
     * @param metrics where request events go, or {@code null}
     * @param observations how requests are observed, or {@code null} for no observations
     */
    public RequestObserver(MetricsMiddleware metrics, QueryObservations observations) {
        this.metrics = metrics;
        this.observations = observations;
    }

    /** Whether senders should start observations: costs nothing more than this check when off. */
    public boolean observing() {
        return observations != null;
    }

    /** The observation current on the calling thread, to parent requests sent later; {@code null} when off. */
    public Object currentObservation() {
        return observations == null ? null : observations.current();
    }

    /**
     * Starts observing a request about to be sent; the driver's call for its end stops it.
     *
     * @param parent the parent observation, or {@code null} for the one current on this thread
     * @return the observation, or {@code null} when observations are off
     */
    public Object observe(Request request, Object parent) {
        if (observations == null || isMonitorProbe(request)) {
            return null;
        }
        Object observation = observations.start(request, parent, keyspaceOf(request));
        if (observation != null) {
            // One statement object may be in flight several times (a shared constant): queue, do not replace.
            InFlight entry = new InFlight(observation);
            inFlight.merge(new Key(request), entry, InFlight::append);
        }
        return observation;
    }

    /**
     * Sends a statement, observed when observations are on: the driver's stage, unchanged when they are
     * off. Never throws: a request the driver refuses at once fails the stage.
     *
     * @param parent the parent observation, or {@code null} for the one current on this thread
     */
    public CompletionStage<AsyncResultSet> send(CqlSession session, Statement<?> statement, Object parent) {
        Object observation = observe(statement, parent);
        CompletionStage<AsyncResultSet> sent;
        try {
            sent = session.executeAsync(statement);
        } catch (RuntimeException e) {
            endIfStillOpen(statement, e);
            return CompletableFuture.failedFuture(e);
        }
        if (observation == null) {
            return sent;
        }
        // Runs as the driver completes the result, which it does before it reports the request's end.
        return sent.whenComplete((page, error) -> {
            if (page != null) {
                completedWith(observation, page.getExecutionInfo());
            }
        });
    }

    /**
     * The next page of a result, as the driver's {@code fetchNextPage} would send it (the same statement
     * with the page's paging state), but observed as a request of its own, under {@code parent}.
     */
    public CompletionStage<AsyncResultSet> fetchNextPage(CqlSession session, AsyncResultSet page, Object parent) {
        if (observations == null) {
            try {
                return page.fetchNextPage();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        ExecutionInfo info = page.getExecutionInfo();
        if (info.getPagingState() == null || !(info.getRequest() instanceof Statement<?> statement)) {
            return CompletableFuture.failedFuture(new IllegalStateException("No next page to fetch"));
        }
        return send(session, statement.copy(info.getPagingState()), parent);
    }

    /**
     * Prepares a statement, measured and observed here: the driver reports no {@code PREPARE} to its
     * request trackers. A prepare the driver answers at once from its cache of prepared statements sent
     * no request, and is neither measured nor observed (Spring Data prepares before every execution).
     */
    public CompletionStage<PreparedStatement> prepare(CqlSession session, SimpleStatement statement) {
        return prepare(statement, () -> session.prepareAsync(statement));
    }

    /** {@link #prepare(CqlSession, SimpleStatement)} for a prepare request as the driver's session API sends it. */
    public CompletionStage<PreparedStatement> prepare(CqlSession session, PrepareRequest request) {
        return prepare(request, () -> session.execute(request, PrepareRequest.ASYNC));
    }

    /**
     * Sends a prepare, measured and observed unless the driver answered it from its cache.
     *
     * @param statement the prepare as observed and measured: a {@link SimpleStatement} or a {@link PrepareRequest}
     */
    private CompletionStage<PreparedStatement> prepare(Request statement,
            Supplier<CompletionStage<PreparedStatement>> send) {
        long started = System.nanoTime();
        CompletionStage<PreparedStatement> prepared;
        try {
            prepared = send.get();
        } catch (RuntimeException e) {
            prepared = CompletableFuture.failedFuture(e);
        }
        if (answeredFromCache(prepared)) {
            return prepared;
        }
        // Started just after the send, on the sender's thread: the same parent, microseconds later.
        Object observation = observations == null ? null
                : observations.start(statement, null, keyspaceOf(statement));
        return prepared.whenComplete((ps, error) -> {
            Throwable cause = error == null ? null : Completion.unwrap(error);
            if (observation != null) {
                observations.stop(observation, statement, null, null, cause);
            }
            record(statement, System.nanoTime() - started, null, null, cause);
        });
    }

    private static boolean answeredFromCache(CompletionStage<PreparedStatement> prepared) {
        CompletableFuture<PreparedStatement> future = prepared.toCompletableFuture();
        return future.isDone() && !future.isCompletedExceptionally();
    }

    /** What the request's sender learnt from its result; call before handing the result on. */
    public void completedWith(Object observation, ExecutionInfo info) {
        if (observation != null && info != null) {
            observations.executionInfo(observation, info);
        }
    }

    /**
     * Stops the observation of a request whose end the driver did not report under the same request (a
     * retry policy that sent a changed statement), or that failed before reaching the driver. A no-op when
     * the driver already has.
     */
    public void endIfStillOpen(Request request, Throwable error) {
        if (observations == null) {
            return;
        }
        InFlight open = take(request);
        if (open != null && open.observation != null) {
            observations.stop(open.observation, request, null, null, error);
        }
    }

    @Override
    public void onSessionReady(Session session) {
        this.session = session;
    }

    @Override
    public void onNodeError(Request request, Throwable error, long latencyNanos, DriverExecutionProfile profile,
            Node node, String logPrefix) {
        InFlight state = inFlight.get(new Key(request));
        if (state == null && inFlight.size() < MAX_REMEMBERED) {
            state = inFlight.computeIfAbsent(new Key(request), key -> new InFlight(null));
        }
        if (state != null) {
            state.failed(Nodes.name(node), error.getClass().getSimpleName());
            if (state.observation != null) {
                observations.nodeError(state.observation, node, error);
            }
        }
    }

    @Override
    public void onSuccess(Request request, long latencyNanos, DriverExecutionProfile profile, Node node,
            String logPrefix) {
        ended(request, latencyNanos, profile, node, null);
    }

    @Override
    public void onError(Request request, Throwable error, long latencyNanos, DriverExecutionProfile profile,
            Node node, String logPrefix) {
        ended(request, latencyNanos, profile, node, error);
    }

    private void ended(Request request, long latencyNanos, DriverExecutionProfile profile, Node node,
            Throwable error) {
        InFlight state = inFlight.isEmpty() ? null : take(request);
        if (state != null && state.observation != null) {
            observations.stop(state.observation, request, node, profile, error);
        }
        record(request, latencyNanos, state, node, error);
    }

    /** The oldest entry of {@code request}, removed; the next one (the same statement sent again) stays. */
    private InFlight take(Request request) {
        InFlight[] taken = new InFlight[1];
        inFlight.computeIfPresent(new Key(request), (key, head) -> {
            taken[0] = head;
            return head.next;
        });
        return taken[0];
    }

    private void record(Request request, long latencyNanos, InFlight state, Node node, Throwable error) {
        if (metrics != null && !isMonitorProbe(request)) {
            QueryKind kind = Statements.kindOf(request);
            if (state != null) {
                state.reportFailedAttempts(metrics, kind, error != null);
            }
            Throwable cause = error == null ? null : Completion.publicError(error);
            metrics.recordQuery(new QueryEvent(kind, Statements.cqlOf(request),
                    keyspaceOf(request), latencyNanos, error == null,
                    cause == null ? null : cause.getClass().getSimpleName(), -1, Statements.parameterCount(request),
                    state != null && state.failedAttempts() > (error != null ? 1 : 0), false,
                    node == null ? null : inetOf(node),
                    System.currentTimeMillis()));
        }
    }

    /**
     * Forgets requests in flight for longer than {@code maxAge}: their end was reported under another
     * request (a retry policy that sent a changed statement). Their observations end with an error that
     * says so. Run periodically by the cluster.
     */
    public void forgetOlderThan(Duration maxAge) {
        long now = System.nanoTime();
        inFlight.entrySet().removeIf(entry -> {
            if (now - entry.getValue().startedNanos < maxAge.toNanos()) {
                return false;
            }
            for (InFlight state = entry.getValue(); state != null; state = state.next) {
                if (state.observation != null) {
                    observations.stop(state.observation, entry.getKey().request(), null, null,
                            new IllegalStateException("The driver reported no end of this request within " + maxAge));
                }
            }
            return true;
        });
    }

    /** Requests remembered now (observed, or with a failed attempt); for tests. */
    int remembered() {
        return inFlight.size();
    }

    private String keyspaceOf(Request request) {
        Session current = session;
        CqlIdentifier sessionKeyspace = current == null ? null : current.getKeyspace().orElse(null);
        return Statements.keyspaceOf(request, sessionKeyspace == null ? null : sessionKeyspace.asInternal());
    }

    private static boolean isMonitorProbe(Request request) {
        return request instanceof SimpleStatement simple && simple.getNode() != null
                && MONITOR_PROBE_CQL.equals(simple.getQuery());
    }

    private static InetSocketAddress inetOf(Node node) {
        SocketAddress address = node.getEndPoint().resolve();
        return address instanceof InetSocketAddress inet ? inet : null;
    }

    @Override
    public void close() {
        inFlight.clear();
    }

    /** A request compared by identity: statements compare by value, and two sends of one are two requests. */
    private record Key(Request request) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.request == request;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(request);
        }
    }

    /** One request in flight that needs remembering: observed, or with a failed attempt. */
    private static final class InFlight {
        /** Failed attempts kept per request: more than any retry policy makes. */
        private static final int MAX_ATTEMPTS = 32;

        final Object observation;
        final long startedNanos = System.nanoTime();
        /** The same statement object sent again while this one was in flight; ended after this one. */
        InFlight next;
        /** Node and error type of each failed attempt; speculative executions may fail side by side. */
        private final List<String[]> failures = new ArrayList<>(2);

        InFlight(Object observation) {
            this.observation = observation;
        }

        /** This chain with {@code later} at its end; called under the map's lock for the key. */
        InFlight append(InFlight later) {
            InFlight last = this;
            while (last.next != null) {
                last = last.next;
            }
            last.next = later;
            return this;
        }

        synchronized void failed(String node, String errorType) {
            if (failures.size() < MAX_ATTEMPTS) {
                failures.add(new String[] {node, errorType});
            }
        }

        synchronized int failedAttempts() {
            return failures.size();
        }

        /** Every failed attempt was retried, but the last one when the request failed. */
        synchronized void reportFailedAttempts(MetricsMiddleware metrics, QueryKind kind, boolean requestFailed) {
            for (int i = 0; i < failures.size(); i++) {
                boolean retried = !(requestFailed && i == failures.size() - 1);
                metrics.recordNodeError(new NodeErrorEvent(failures.get(i)[0], failures.get(i)[1], kind, retried));
            }
        }
    }
}
