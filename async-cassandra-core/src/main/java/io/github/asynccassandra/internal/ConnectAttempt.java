package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.InvalidKeyspaceException;
import com.datastax.oss.driver.api.core.UnsupportedProtocolVersionException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import com.datastax.oss.driver.api.core.metadata.Node;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.exceptions.ConfigurationException;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.exceptions.ProtocolVersionException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code connect} call: its attempts, its deadline, and the future it completes. Its outcome is
 * decided once ({@link #settle()}), before the future is completed on the callback executor: whatever
 * races (timeout, shutdown, a session opening late), exactly one outcome wins, and a session that
 * opens for an outcome that was already decided is closed.
 */
public final class ConnectAttempt {

    private static final Logger log = LoggerFactory.getLogger(ConnectAttempt.class);
    private static final Duration FIRST_RETRY_PAUSE = Duration.ofSeconds(1);

    /** What an attempt needs from the cluster that owns it. */
    public interface Owner {
        /** Whether the cluster is shut down. */
        boolean isShutDown();

        /** Wraps an opened and checked driver session, and registers it so that shutdown closes it. */
        AsyncCassandraSession adopt(CqlSession session, RequestObserver observer);

        /** This attempt's outcome is decided: it is no longer pending. */
        void finished(ConnectAttempt attempt);

        /** User type mappings to apply to every new session. */
        List<UserTypeMapping<?>> userTypes();

        /** How requests are observed, or {@code null} for no observations. */
        QueryObservations observations();
    }

    private final ClusterSettings settings;
    private final Owner owner;
    private final ScheduledExecutorService scheduler;
    private final Executor callbackExecutor;

    final String keyspace;
    final Duration timeout;
    final long deadline;
    final CompletableFuture<AsyncCassandraSession> result = new CompletableFuture<>();
    final AtomicBoolean settled = new AtomicBoolean();
    volatile ScheduledFuture<?> timer;
    volatile int attempts;
    volatile Throwable lastError;

    public ConnectAttempt(ClusterSettings settings, Owner owner, ScheduledExecutorService scheduler,
        Executor callbackExecutor, String keyspace, Duration timeout) {
    this.settings = settings;
    this.owner = owner;
    this.scheduler = scheduler;
    this.callbackExecutor = callbackExecutor;
        this.keyspace = keyspace;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    void next() {
        if (settled.get()) {
            return;
        }
        attempts++;
        CompletionStage<CqlSession> opening;
        RequestObserver observer = new RequestObserver(settings.metrics(), owner.observations());
        try {
            opening = settings.newSessionBuilder(keyspace).addRequestTracker(observer).buildAsync();
        } catch (RuntimeException e) {
            fail(new ConfigurationException("Invalid cluster configuration: " + e.getMessage(), e));
            return;
        }
        opening.whenComplete((session, error) -> {
            try {
                if (error == null) {
                    opened(session, observer);
                } else {
                    failedAttempt(Completion.unwrap(error));
                }
            } catch (Throwable unexpected) {
                if (session != null) {
                    session.closeAsync();
                }
                fail(Completion.publicError(unexpected));
            }
        });
    }

    private void opened(CqlSession session, RequestObserver observer) {
        if (settled.get()) {
            // Timed out or shut down meanwhile: nothing may stay open.
            session.closeAsync();
            return;
        }
        int protocol = session.getContext().getProtocolVersion().getCode();
        if (protocol < AsyncCluster.MINIMUM_PROTOCOL_VERSION) {
            session.closeAsync();
            fail(new ProtocolVersionException(protocolMessage("Connected with protocol v" + protocol)));
            return;
        }
        for (UserTypeMapping<?> mapping : owner.userTypes()) {
            try {
                mapping.registerIn(session);
            } catch (IllegalArgumentException e) {
                log.warn("User type mapping {} not applied to the new session: {}", mapping.describe(),
                        e.getMessage());
            }
        }
        String missingDatacenter = checkLocalDatacenter(session);
        if (missingDatacenter != null) {
            session.closeAsync();
            fail(new ConfigurationException(missingDatacenter, "localDatacenter", null));
            return;
        }
        logInferredDatacenter(session);
        // Registered before the outcome is decided, so that a shutdown from here on closes it.
        AsyncCassandraSession wrapped = owner.adopt(session, observer);
        if (owner.isShutDown()) {
            fail(shutDown());
        }
        if (!settle()) {
            wrapped.closeAsync();
            return;
        }
        Completion.complete(result, wrapped, null, callbackExecutor);
    }

    private void failedAttempt(Throwable error) {
        lastError = error;
        AuthenticationException authentication = find(error, AuthenticationException.class);
        if (authentication != null) {
            fail(authentication);
            return;
        }
        UnsupportedProtocolVersionException protocol = find(error, UnsupportedProtocolVersionException.class);
        if (protocol != null) {
            fail(new ProtocolVersionException(protocolMessage("The server does not speak the requested protocol ("
                    + protocol.getMessage() + ")"), protocol));
            return;
        }
        if (error instanceof InvalidKeyspaceException) {
            fail(error);
            return;
        }
        if (error instanceof IllegalArgumentException || error instanceof IllegalStateException) {
            fail(new ConfigurationException("Invalid cluster configuration: " + error.getMessage(), error));
            return;
        }
        if (attempts >= AsyncCluster.MAX_CONNECT_ATTEMPTS) {
            fail(new ConnectionException("Failed to connect to " + settings.contactPointsText() + " after "
                    + attempts + " attempts; the last failed with: " + error, error));
            return;
        }
        long pause = FIRST_RETRY_PAUSE.toMillis() << (attempts - 1);
        if (error instanceof AllNodesFailedException) {
            pause *= 2;
        }
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) >= deadline) {
            fail(new ConnectionException("Failed to connect to " + settings.contactPointsText() + " after "
                    + attempts + " attempt(s) within " + timeout + "; the last failed with: " + error, error));
            return;
        }
        log.debug("Connection attempt {} failed, trying again in {} ms: {}", attempts, pause, error.toString());
        try {
            scheduler.schedule(this::next, pause, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            fail(shutDown());
        }
    }

    void timedOut() {
        Throwable last = lastError;
        fail(new ConnectionException("Failed to connect to " + settings.contactPointsText() + " within "
                + timeout + " (" + attempts + " attempt(s))" + (last == null ? "" : "; the last error was: " + last),
                last));
    }

    /** Decides the outcome; only the first caller wins. */
    private boolean settle() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        owner.finished(this);
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        return true;
    }

    public void fail(Throwable error) {
        if (settle()) {
            Completion.complete(result, null, error, callbackExecutor);
        }
    }

    /** Why a protocol version is refused, and what to do. */
    public static String protocolMessage(String what) {
        return what + " but v" + AsyncCluster.MINIMUM_PROTOCOL_VERSION + "+ is required. Protocol v5 arrived with Cassandra 4.0: "
                + "upgrade the cluster to Cassandra 4.0 or newer.";
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        if (type.isInstance(error)) {
            return type.cast(error);
        }
        if (error instanceof AllNodesFailedException all) {
            for (List<Throwable> errors : all.getAllErrors().values()) {
                for (Throwable e : errors) {
                    if (type.isInstance(e)) {
                        return type.cast(e);
                    }
                }
            }
        }
        return error.getCause() != null && error.getCause() != error ? find(error.getCause(), type) : null;
    }

    /** The future the caller gets; it always completes. */
    public CompletableFuture<AsyncCassandraSession> result() {
        return result;
    }

    /** Starts the first attempt and the deadline; fails at once when the cluster is shut down. Never throws. */
    public void start() {
        if (owner.isShutDown()) {
            fail(shutDown());
            return;
        }
        try {
            timer = scheduler.schedule(this::timedOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            fail(shutDown());
            return;
        }
        next();
    }

    /** The error of a connect the cluster's shutdown ended. */
    public static ConnectionException shutDown() {
        return new ConnectionException("Cluster is shut down");
    }

    /**
     * The driver accepts a local datacenter that no node belongs to, and every request then fails with
     * "no node available": say so at connect instead. Returns the error, or {@code null} when fine.
     */
    private String checkLocalDatacenter(CqlSession session) {
        if (settings.localDatacenter() == null) {
            return null;
        }
        Set<String> datacenters = new TreeSet<>();
        session.getMetadata().getNodes().values().forEach(node -> {
            if (node.getDatacenter() != null) {
                datacenters.add(node.getDatacenter());
            }
        });
        if (datacenters.isEmpty() || datacenters.contains(settings.localDatacenter())) {
            return null;
        }
        return "localDatacenter '" + settings.localDatacenter() + "' matches no node of the cluster; its datacenters "
                + "are " + datacenters;
    }

    private void logInferredDatacenter(CqlSession session) {
        if (settings.localDatacenter() != null || settings.loadBalancingPolicy() != null) {
            return;
        }
        session.getMetadata().getNodes().values().stream()
                .filter(node -> node.getDistance() == NodeDistance.LOCAL).map(Node::getDatacenter)
                .filter(Objects::nonNull).findFirst()
                .ifPresent(dc -> log.info("No local datacenter configured: using '{}', discovered from the contact "
                        + "points {}. Set localDatacenter(\"{}\") to make this explicit.", dc,
                        settings.contactPointsText(), dc));
    }
}
