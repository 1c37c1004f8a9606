package io.github.asynccassandra.retry;

import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.tracker.RequestTracker;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts how many nodes each request was sent to (first try, retries and speculative executions). */
public class AttemptCountingTracker implements RequestTracker {

    static final Map<Request, AtomicInteger> ATTEMPTS = Collections.synchronizedMap(new IdentityHashMap<>());

    public AttemptCountingTracker(DriverContext context) {
    }

    static void reset() {
        ATTEMPTS.clear();
    }

    /** Requests sent to more than one node; read under the map's lock, as late attempts may still be counted. */
    static long triedOnMoreThanOneNode() {
        synchronized (ATTEMPTS) {
            return ATTEMPTS.values().stream().filter(count -> count.get() > 1).count();
        }
    }

    static int attempts(Request request) {
        AtomicInteger count = ATTEMPTS.get(request);
        return count == null ? 0 : count.get();
    }

    private static void count(Request request) {
        ATTEMPTS.computeIfAbsent(request, r -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void onNodeError(Request request, Throwable error, long latencyNanos, DriverExecutionProfile profile,
            Node node, String logPrefix) {
        count(request);
    }

    @Override
    public void onNodeSuccess(Request request, long latencyNanos, DriverExecutionProfile profile, Node node,
            String logPrefix) {
        count(request);
    }

    @Override
    public void close() {
    }
}
