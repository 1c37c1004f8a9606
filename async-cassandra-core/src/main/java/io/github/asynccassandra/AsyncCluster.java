package io.github.asynccassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.InvalidKeyspaceException;
import com.datastax.oss.driver.api.core.auth.AuthProvider;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.connection.ReconnectionPolicy;
import com.datastax.oss.driver.api.core.loadbalancing.LoadBalancingPolicy;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.retry.RetryPolicy;
import io.github.asynccassandra.exceptions.ConfigurationException;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.internal.Arguments;
import io.github.asynccassandra.internal.ClusterSettings;
import io.github.asynccassandra.internal.ConnectAttempt;
import io.github.asynccassandra.internal.ContactPoints;
import io.github.asynccassandra.internal.Completion;
import io.github.asynccassandra.internal.ContextCapture;
import io.github.asynccassandra.internal.DefaultAsyncCassandraSession;
import io.github.asynccassandra.internal.DriverOptions;
import io.github.asynccassandra.internal.LazyAsyncCassandraSession;
import io.github.asynccassandra.internal.MicrometerQueryObservations;
import io.github.asynccassandra.internal.QueryObservations;
import io.github.asynccassandra.internal.RequestObserver;
import io.github.asynccassandra.internal.Threads;
import io.github.asynccassandra.internal.Tls;
import io.github.asynccassandra.internal.UserTypeMapping;
import io.github.asynccassandra.metrics.MetricsMiddleware;
import io.github.asynccassandra.retry.AsyncRetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A Cassandra cluster's configuration and the sessions opened on it. Build one with
 * {@link #builder()}, open sessions with {@link #connect()}, and {@link #shutdown()} (or
 * {@link #close()}) when done: that closes every session it opened.
 *
 * <pre>{@code
 * try (AsyncCluster cluster = AsyncCluster.builder().contactPoints("10.0.0.1").localDatacenter("dc1").build()) {
 *     AsyncCassandraSession session = cluster.connect("shop").join();
 *     session.execute("SELECT * FROM users").thenAccept(rows -> ...);
 * }
 * }</pre>
 *
 * <p>Only protocol v5 and above (Cassandra 4.0+) are accepted: a connection that negotiates an older
 * protocol is closed and {@code connect} fails with {@link ConnectionException}.
 */
public final class AsyncCluster implements AutoCloseable {

    /** Protocol versions below this are refused. */
    public static final int MINIMUM_PROTOCOL_VERSION = 5;
    /** Connection attempts made by {@code connect} before giving up. */
    public static final int MAX_CONNECT_ATTEMPTS = 3;
    /** Time {@code connect} may take when no timeout is given. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Threads of the cluster's own callback pool when none are given. */
    public static final int DEFAULT_EXECUTOR_THREADS = 2;
    /** Whether callers on a Netty event loop are completed on it when not said: no, on the callback threads. */
    public static final boolean DEFAULT_COMPLETE_ON_CALLER_EVENT_LOOP = false;
    /** Requests that may wait under {@code maxConcurrentRequests} when no queue size is given. */
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(AsyncCluster.class);
    private static final Pattern CQL_NAME = Pattern.compile("[A-Za-z0-9_]{1,48}");
    private static final AtomicInteger CLUSTER_COUNT = new AtomicInteger();

    private final ClusterSettings settings;
    private final ExecutorService ownedCallbackExecutor;
    private final Executor callbackExecutor;
    private final ScheduledExecutorService scheduler;
    private final QueryObservations observations;
    private final ContextCapture context;
    private final Set<AsyncCassandraSession> sessions = ConcurrentHashMap.newKeySet();
    private final Set<ConnectAttempt> pendingConnects = ConcurrentHashMap.newKeySet();
    private final List<UserTypeMapping<?>> userTypes = new CopyOnWriteArrayList<>();
    private final AtomicReference<CompletableFuture<Void>> shutdownFuture = new AtomicReference<>();

    private AsyncCluster(ClusterSettings settings) {
        this.settings = settings;
        int id = CLUSTER_COUNT.incrementAndGet();
        if (settings.callbackExecutor() != null) {
            this.ownedCallbackExecutor = null;
            this.callbackExecutor = Threads.marking(settings.callbackExecutor());
        } else {
            this.ownedCallbackExecutor = Executors.newFixedThreadPool(settings.executorThreads(),
                    Threads.callbackThreads("async-cassandra-" + id + "-callback-"));
            this.callbackExecutor = ownedCallbackExecutor;
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Threads.daemonThreads("async-cassandra-" + id + "-timer-"));
        // Micrometer's classes are touched only when a registry was given.
        this.observations = settings.observationRegistry() == null ? null
                : new MicrometerQueryObservations(settings.observationRegistry(), settings.observationConvention());
        this.context = settings.propagateContext() ? ContextCapture.detect() : ContextCapture.NONE;
    }

    /** What a connect attempt needs from this cluster. */
    private final ConnectAttempt.Owner owner = new ConnectAttempt.Owner() {
        @Override
        public boolean isShutDown() {
            return isClosed();
        }

        @Override
        public AsyncCassandraSession adopt(CqlSession session, RequestObserver observer) {
            AtomicReference<AsyncCassandraSession> self = new AtomicReference<>();
            AtomicReference<ScheduledFuture<?>> sweep = new AtomicReference<>();
            AsyncCassandraSession wrapped = new DefaultAsyncCassandraSession(session, settings.metrics(), observer,
                    context, callbackExecutor, settings.completeOnCallerEventLoop(), settings.ddlTimeout(), () -> {
                        sessions.remove(self.get());
                        ScheduledFuture<?> scheduled = sweep.get();
                        if (scheduled != null) {
                            scheduled.cancel(false);
                        }
                    });
            self.set(wrapped);
            try {
                sweep.set(scheduler.scheduleWithFixedDelay(() -> observer.forgetOlderThan(IN_FLIGHT_MAX_AGE),
                        IN_FLIGHT_SWEEP.toNanos(), IN_FLIGHT_SWEEP.toNanos(), TimeUnit.NANOSECONDS));
            } catch (RejectedExecutionException e) {
                // Shut down meanwhile: the attempt sees it and fails its connect.
            }
            sessions.add(wrapped);
            return wrapped;
        }

        @Override
        public void finished(ConnectAttempt attempt) {
            pendingConnects.remove(attempt);
        }

        @Override
        public List<UserTypeMapping<?>> userTypes() {
            return userTypes;
        }

        @Override
        public QueryObservations observations() {
            return observations;
        }
    };

    /** How often each session forgets requests whose end the driver reported under another request. */
    private static final Duration IN_FLIGHT_SWEEP = Duration.ofMinutes(1);
    private static final Duration IN_FLIGHT_MAX_AGE = Duration.ofMinutes(5);

    /**
     * {@return a builder with the seed's defaults: {@code 127.0.0.1:9042}, {@link AsyncRetryPolicy}, 2
     * callback threads}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A cluster that logs in with a user name and password.
     *
     * @param contactPoints the contact points
     * @param username the username
     * @param password the password
     * @return a cluster that logs in with a user name and password
     */
    public static AsyncCluster createWithAuth(List<String> contactPoints, String username, String password) {
        return createWithAuth(contactPoints, username, password, builder -> { });
    }

    /**
     * A cluster that logs in with a user name and password, with further settings from {@code customizer}.
     *
     * @param contactPoints the contact points
     * @param username the username
     * @param password the password
     * @param customizer the customizer
     * @return a cluster that logs in with a user name and password, with further settings from {@code
     *     customizer}
     */
    public static AsyncCluster createWithAuth(List<String> contactPoints, String username, String password,
            Consumer<Builder> customizer) {
        Builder builder = builder().contactPoints(contactPoints).credentials(username, password);
        customizer.accept(builder);
        return builder.build();
    }

    /**
     * Opens a session with no keyspace, within 30 seconds.
     *
     * @return a future of the open session
     */
    public CompletableFuture<AsyncCassandraSession> connect() {
        return connect(null, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * Opens a session in {@code keyspace}, within 30 seconds.
     *
     * @param keyspace keyspace to use, or {@code null}
     * @return a future of the open session
     */
    public CompletableFuture<AsyncCassandraSession> connect(@Nullable String keyspace) {
        return connect(keyspace, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * A session that connects on first use, as Spring Boot's own {@code CqlSession} does, so that an
     * application starts whether or not Cassandra is reachable. The first request starts
     * {@link #connect(String, Duration)}; requests made meanwhile wait for it; when it fails, they fail
     * with its error and the next request tries again. Once connected, it behaves as a session from
     * {@code connect}. {@code getDriverSession()} connects first if need be, waiting up to
     * {@code timeout} (and fails at once on a thread that must not block). Closing it, or shutting the
     * cluster down, closes the session it connected, even one still connecting.
     *
     * @param keyspace keyspace to use, or {@code null}
     * @param timeout longest time each connect may take
     * @return a session that connects on first use, as Spring Boot's own {@code CqlSession} does, so that an
     *     application starts whether or not Cassandra is reachable
     */
    public AsyncCassandraSession connectLazily(@Nullable String keyspace, Duration timeout) {
        Arguments.requirePositive("timeout", timeout);
        return new LazyAsyncCassandraSession(() -> connect(keyspace, timeout), keyspace, settings.metrics(), timeout);
    }

    /**
     * Opens a session. A failed attempt is tried again, up to {@value #MAX_CONNECT_ATTEMPTS} attempts
     * with a growing pause (longer when no node was reachable), but never past {@code timeout}, and
     * never after an authentication or protocol failure.
     *
     * <p>The future fails with the driver's {@link AuthenticationException} when credentials are
     * rejected, with {@link InvalidKeyspaceException} when the keyspace does not exist, with
     * {@link ConfigurationException} for invalid settings, with {@code ConnectionException("Cluster is
     * shut down")} as soon as {@link #shutdown()} is called, and otherwise with {@link ConnectionException}
     * saying how many attempts were made and why the last failed. When it fails, nothing stays open: a
     * driver session that opens after its connect has failed is closed at once. Never throws.
     *
     * @param keyspace keyspace to use, or {@code null}
     * @param timeout how long connecting may take, every attempt included
     * @return a future of the open session
     */
    public CompletableFuture<AsyncCassandraSession> connect(@Nullable String keyspace, Duration timeout) {
        if (keyspace != null && !CQL_NAME.matcher(keyspace).matches()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("Invalid keyspace name '" + keyspace
                    + "': use 1 to 48 letters, digits or underscores"));
        }
        try {
            Arguments.requirePositive("connect timeout", timeout);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        ConnectAttempt attempt = new ConnectAttempt(settings, owner, scheduler, callbackExecutor, keyspace, timeout);
        // Registered first: a shutdown from here on finds it among the pending connects.
        pendingConnects.add(attempt);
        attempt.start();
        return attempt.result();
    }


    /**
     * This API over a driver session opened elsewhere, with the cluster's guarantees: futures complete on
     * the cluster's callback threads with the caller's context restored, blocking calls fail fast where
     * they would deadlock, and {@link #shutdown()} closes it with the others. Its requests are measured and
     * observed only if its builder registered the cluster's request tracker, which only sessions the
     * cluster opens have: prefer {@link #connect()}.
     *
     * @param driverSession a driver session opened elsewhere
     * @return this API over {@code driverSession}
     * @throws ConnectionException when the cluster is shut down
     */
    public AsyncCassandraSession wrap(CqlSession driverSession) {
        Objects.requireNonNull(driverSession, "driverSession");
        if (isClosed()) {
            throw new ConnectionException("Cluster is shut down");
        }
        AtomicReference<AsyncCassandraSession> self = new AtomicReference<>();
        AsyncCassandraSession wrapped = new DefaultAsyncCassandraSession(driverSession, settings.metrics(),
                new RequestObserver(settings.metrics(), null), context, callbackExecutor,
                settings.completeOnCallerEventLoop(), settings.ddlTimeout(),
                () -> sessions.remove(self.get()));
        self.set(wrapped);
        sessions.add(wrapped);
        if (isClosed()) {
            // Shut down meanwhile, perhaps after its sessions were listed: close this one too.
            wrapped.closeAsync();
            throw new ConnectionException("Cluster is shut down");
        }
        return wrapped;
    }

    /**
     * Closes every session this cluster opened (each after its in-flight requests) and releases its
     * threads. A {@code connect} still under way fails at once with {@code ConnectionException("Cluster is
     * shut down")}. Idempotent; completes as soon as the driver has closed.
     *
     * @return a future completed once every session and the driver have closed
     */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> created = new CompletableFuture<>();
        if (!shutdownFuture.compareAndSet(null, created)) {
            return shutdownFuture.get();
        }
        for (ConnectAttempt pending : pendingConnects) {
            pending.fail(ConnectAttempt.shutDown());
        }
        CompletableFuture<?>[] closing = sessions.stream().map(AsyncCassandraSession::closeAsync)
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(closing).whenComplete((ignored, error) -> {
            if (error == null) {
                created.complete(null);
            } else {
                created.completeExceptionally(Completion.unwrap(error));
            }
            scheduler.shutdownNow();
            if (ownedCallbackExecutor != null) {
                ownedCallbackExecutor.shutdown();
            }
        });
        return created;
    }

    /**
     * {@link #shutdown()} and wait for it.
     *
     * @throws IllegalStateException when called on a callback thread or a driver I/O thread, where waiting
     *     could deadlock; call {@link #shutdown()} there instead
     */
    @Override
    public void close() {
        Threads.checkMayBlock("AsyncCluster.close()");
        shutdown().join();
    }

    /** The fixed settings of this cluster; for the library's own tests. */
    ClusterSettings settings() {
        return settings;
    }

    /** {@return whether {@link #shutdown()} has been called} */
    public boolean isClosed() {
        return shutdownFuture.get() != null;
    }

    /**
     * The cluster's metadata (nodes, keyspaces, token map) as seen by its open sessions.
     *
     * @return the cluster's metadata
     * @throws IllegalStateException when no session is open
     */
    public Metadata getMetadata() {
        return sessions.stream().filter(s -> !s.isClosed()).findFirst()
                .map(s -> s.getDriverSession().getMetadata())
                .orElseThrow(() -> new IllegalStateException("No open session: connect() first"));
    }

    /**
     * Maps a CQL user-defined type to a Java record or POJO, in both directions, for every session of
     * this cluster: open ones now, later ones when they connect. Fields match by name (exactly, or
     * {@code camelCase} to {@code snake_case}); a POJO needs a no-argument constructor.
     *
     * @param keyspace the keyspace
     * @param userType the user type
     * @param type the type
     * @throws IllegalArgumentException when a name is invalid, the type does not exist in an open
     *     session, or a Java field matches no field of the type
     */
    public void registerUserType(String keyspace, String userType, Class<?> type) {
        if (keyspace == null || !CQL_NAME.matcher(keyspace).matches()) {
            throw new IllegalArgumentException("Invalid keyspace name '" + keyspace + "'");
        }
        if (userType == null || !CQL_NAME.matcher(userType).matches()) {
            throw new IllegalArgumentException("Invalid user type name '" + userType + "'");
        }
        Objects.requireNonNull(type, "type");
        UserTypeMapping<?> mapping = new UserTypeMapping<>(keyspace, userType, type);
        for (AsyncCassandraSession session : sessions) {
            mapping.registerIn(session.getDriverSession());
        }
        userTypes.add(mapping);
    }

    /**
     * Settings of an {@link AsyncCluster}, one method per parameter of the seed's {@code AsyncCluster}.
     * Values are checked as they are set ({@link ConfigurationException} names the setting).
     */
    public static final class Builder {

        private List<String> contactPoints = List.of("127.0.0.1");
        private int port = 9042;
        private String localDatacenter;
        private AuthProvider authProvider;
        private String username;
        private String password;
        private Class<? extends LoadBalancingPolicy> loadBalancingPolicy;
        private Class<? extends ReconnectionPolicy> reconnectionPolicy;
        private Class<? extends RetryPolicy> retryPolicy = AsyncRetryPolicy.class;
        // Driver options: null until set, so that the driver's default (or the application.conf) holds.
        private Integer maxRetries;
        private SSLContext sslContext;
        private boolean sslHostnameValidation = true;
        private List<String> sslProtocols;
        private List<String> sslCipherSuites;
        private Integer protocolVersion;
        private int executorThreads = DEFAULT_EXECUTOR_THREADS;
        private Executor callbackExecutor;
        private Duration maxSchemaAgreementWait;
        private Duration controlConnectionTimeout;
        private Duration idleHeartbeatInterval;
        private Duration schemaEventRefreshWindow;
        private Duration topologyEventRefreshWindow;
        private Duration statusEventRefreshWindow;
        private Duration ddlTimeout = AsyncCassandraSession.DEFAULT_DDL_TIMEOUT;
        private int maxConcurrentRequests;
        private int maxQueuedRequests = DEFAULT_MAX_QUEUED_REQUESTS;
        private MetricsMiddleware metrics;
        private Object observationRegistry;
        private Object observationConvention;
        private boolean propagateContext = true;
        private boolean completeOnCallerEventLoop = DEFAULT_COMPLETE_ON_CALLER_EVENT_LOOP;
        private final Map<String, Object> options = new LinkedHashMap<>();
        private final List<Consumer<CqlSessionBuilder>> driverSessionCustomizers = new ArrayList<>();

        private Builder() {
        }

        /**
         * Nodes to contact first (default {@code 127.0.0.1}): each a host name or address, with
         * {@code :port} when it differs from {@link #port(int)} ({@code [ipv6]:port} for an IPv6 address).
         *
         * @param hosts nodes to contact first
         * @return this builder
         */
        public Builder contactPoints(List<String> hosts) {
            if (hosts == null || hosts.isEmpty() || hosts.stream().anyMatch(h -> h == null || h.isBlank())) {
                throw new ConfigurationException("contactPoints must be a non-empty list of host names or addresses, was "
                        + hosts);
            }
            for (String host : hosts) {
                try {
                    ContactPoints.parse(host, 9042);
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException(e.getMessage(), "contactPoints", e);
                }
            }
            this.contactPoints = List.copyOf(hosts.stream().map(String::strip).toList());
            return this;
        }

        /**
         * Nodes to contact first (default {@code 127.0.0.1}), as {@link #contactPoints(List)} reads them.
         *
         * @param hosts nodes to contact first
         * @return this builder
         */
        public Builder contactPoints(String... hosts) {
            return contactPoints(hosts == null ? null : Arrays.asList(hosts));
        }

        /**
         * CQL port of the contact points that name none (default 9042).
         *
         * @param port CQL port of the contact points that name none
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new ConfigurationException("port must be between 1 and 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Datacenter whose nodes serve requests ({@code basic.load-balancing-policy.local-datacenter}).
         * When absent, it is discovered from the contact points, and the log says which.
         *
         * @param datacenter datacenter whose nodes serve requests
         * @return this builder
         */
        public Builder localDatacenter(String datacenter) {
            if (datacenter == null || datacenter.isBlank()) {
                throw new ConfigurationException("localDatacenter must not be blank");
            }
            this.localDatacenter = datacenter;
            return this;
        }

        /**
         * Authentication provider (for Kerberos, LDAP proxies, …); see {@link #credentials} for passwords.
         *
         * @param provider authentication provider
         * @return this builder
         */
        public Builder authProvider(AuthProvider provider) {
            this.authProvider = Objects.requireNonNull(provider, "authProvider");
            return this;
        }

        /**
         * User name and password ({@code PasswordAuthenticator}).
         *
         * @param username the username
         * @param password the password
         * @return this builder
         */
        public Builder credentials(String username, String password) {
            if (username == null || username.isBlank()) {
                throw new ConfigurationException("username must not be blank");
            }
            if (password == null) {
                throw new ConfigurationException("password must not be null");
            }
            this.username = username;
            this.password = password;
            return this;
        }

        /**
         * Load balancing policy class ({@code basic.load-balancing-policy.class}).
         *
         * @param policy load balancing policy class
         * @return this builder
         */
        public Builder loadBalancingPolicy(Class<? extends LoadBalancingPolicy> policy) {
            this.loadBalancingPolicy = Objects.requireNonNull(policy, "loadBalancingPolicy");
            return this;
        }

        /**
         * Reconnection policy class ({@code advanced.reconnection-policy.class}).
         *
         * @param policy reconnection policy class
         * @return this builder
         */
        public Builder reconnectionPolicy(Class<? extends ReconnectionPolicy> policy) {
            this.reconnectionPolicy = Objects.requireNonNull(policy, "reconnectionPolicy");
            return this;
        }

        /**
         * Retry policy class ({@code advanced.retry-policy.class}); default {@link AsyncRetryPolicy}.
         *
         * @param policy retry policy class
         * @return this builder
         */
        public Builder retryPolicy(Class<? extends RetryPolicy> policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /**
         * Retries {@link AsyncRetryPolicy} allows ({@value AsyncRetryPolicy#MAX_RETRIES_PATH}; default
         * {@value AsyncRetryPolicy#DEFAULT_MAX_RETRIES}, which the policy applies itself when unset).
         *
         * @param maxRetries retries {@link AsyncRetryPolicy} allows
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new ConfigurationException("maxRetries must not be negative, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * Client-to-node TLS with this context; server hostnames are verified unless turned off.
         *
         * @param context client-to-node TLS with this context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /**
         * Whether TLS checks that the server certificate matches the node's address (default true).
         *
         * @param enabled whether TLS checks that the server certificate matches the node's address
         * @return this builder
         */
        public Builder sslHostnameValidation(boolean enabled) {
            this.sslHostnameValidation = enabled;
            return this;
        }

        /**
         * TLS protocols to enable, such as {@code TLSv1.3} (default: the JDK's). A name the JDK cannot
         * enable fails {@link #build()}.
         *
         * @param protocols TLS protocols to enable, such as {@code TLSv1.3}
         * @return this builder
         */
        public Builder sslProtocols(List<String> protocols) {
            this.sslProtocols = protocols == null ? null : List.copyOf(protocols);
            return this;
        }

        /**
         * TLS cipher suites to enable (default: the JDK's). A name the JDK cannot enable fails {@link #build()}.
         *
         * @param cipherSuites TLS cipher suites to enable
         * @return this builder
         */
        public Builder sslCipherSuites(List<String> cipherSuites) {
            this.sslCipherSuites = cipherSuites == null ? null : List.copyOf(cipherSuites);
            return this;
        }

        /**
         * Protocol version to use ({@code advanced.protocol.version}): 5 or higher. By default the driver
         * negotiates the highest the cluster supports, and a result below 5 fails {@code connect}.
         *
         * @param version protocol version to use
         * @return this builder
         */
        public Builder protocolVersion(int version) {
            if (version < MINIMUM_PROTOCOL_VERSION) {
                throw new ConfigurationException(ConnectAttempt.protocolMessage("protocolVersion " + version + " was requested"),
                        "protocolVersion", null);
            }
            if (version > 6) {
                throw new ConfigurationException("protocolVersion " + version
                        + " is not supported by the driver: use 5 or 6", "protocolVersion", null);
            }
            this.protocolVersion = version;
            return this;
        }

        /**
         * Threads that complete the futures this API returns (default 2); no driver option.
         *
         * @param threads threads that complete the futures this API returns
         * @return this builder
         */
        public Builder executorThreads(int threads) {
            if (threads < 1) {
                throw new ConfigurationException("executorThreads must be at least 1, was " + threads);
            }
            this.executorThreads = threads;
            return this;
        }

        /**
         * Executor that completes the futures, instead of the cluster's own pool of
         * {@link #executorThreads(int)} threads. {@code Runnable::run} completes them on the driver's I/O
         * threads: fastest, but code chained on them must then never block.
         *
         * @param executor executor that completes the futures, instead of the cluster's own pool of {@link
         *     #executorThreads(int)} threads
         * @return this builder
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "callbackExecutor");
            return this;
        }

        /**
         * Whether a caller that runs on a Netty event loop (a WebFlux handler, a Reactor Netty client's
         * callback) gets the futures of {@code execute} and {@code prepare} completed on that loop, instead of
         * on the callback threads. Default false. It saves the hop back to the loop that Reactor Netty makes
         * to write the response: less CPU and latency per request in a WebFlux service. Callers on any other
         * thread, and on the driver's own I/O threads, are completed on the callback threads as before, and
         * so are streams. Code chained on such a future runs on the loop and must not block; a
         * {@code join()} or {@code get()} on the loop before the future is done fails fast with an
         * {@link IllegalStateException} instead of waiting forever. When the loop no longer takes tasks, the
         * callback threads complete the future.
         *
         * @param enabled whether callers on a Netty event loop are completed on it
         * @return this builder
         */
        public Builder completeOnCallerEventLoop(boolean enabled) {
            this.completeOnCallerEventLoop = enabled;
            return this;
        }

        /**
         * Longest wait for schema agreement after DDL ({@code advanced.control-connection.schema-agreement.timeout};
         * default the driver's, 10 s).
         *
         * @param wait longest wait for schema agreement after DDL
         * @return this builder
         */
        public Builder maxSchemaAgreementWait(Duration wait) {
            this.maxSchemaAgreementWait = positive("maxSchemaAgreementWait", wait);
            return this;
        }

        /**
         * Timeout of control connection queries ({@code advanced.control-connection.timeout}; default the driver's, 5 s).
         *
         * @param timeout how long to wait
         * @return this builder
         */
        public Builder controlConnectionTimeout(Duration timeout) {
            this.controlConnectionTimeout = positive("controlConnectionTimeout", timeout);
            return this;
        }

        /**
         * Heartbeat interval of idle connections ({@code advanced.heartbeat.interval}; default the driver's, 30 s).
         *
         * @param interval heartbeat interval of idle connections
         * @return this builder
         */
        public Builder idleHeartbeatInterval(Duration interval) {
            this.idleHeartbeatInterval = positive("idleHeartbeatInterval", interval);
            return this;
        }

        /**
         * Debounce window of schema events ({@code advanced.metadata.schema.debouncer.window}; default the driver's, 1 s).
         *
         * @param window debounce window of schema events
         * @return this builder
         */
        public Builder schemaEventRefreshWindow(Duration window) {
            this.schemaEventRefreshWindow = positive("schemaEventRefreshWindow", window);
            return this;
        }

        /**
         * Debounce window of topology events. The Java driver debounces topology and status events
         * together ({@code advanced.metadata.topology-event-debouncer.window}; default the driver's, 1 s),
         * which gets the smaller of this and {@link #statusEventRefreshWindow(Duration)} when either is set.
         *
         * @param window debounce window of topology events
         * @return this builder
         */
        public Builder topologyEventRefreshWindow(Duration window) {
            this.topologyEventRefreshWindow = positive("topologyEventRefreshWindow", window);
            return this;
        }

        /**
         * Debounce window of node status events; see {@link #topologyEventRefreshWindow(Duration)}.
         *
         * @param window debounce window of node status events
         * @return this builder
         */
        public Builder statusEventRefreshWindow(Duration window) {
            this.statusEventRefreshWindow = positive("statusEventRefreshWindow", window);
            return this;
        }

        /**
         * Timeout of schema changes ({@code CREATE}, {@code ALTER}, {@code DROP}, {@code TRUNCATE}) that set
         * none themselves (default 30 s): they routinely take longer than {@code basic.request.timeout}.
         *
         * @param timeout how long to wait
         * @return this builder
         */
        public Builder ddlTimeout(Duration timeout) {
            this.ddlTimeout = positive("ddlTimeout", timeout);
            return this;
        }

        /**
         * Limits requests in flight per session (the seed's rate-limited session), with the driver's
         * {@code ConcurrencyLimitingRequestThrottler}: requests beyond the limit wait in a queue of
         * {@link #maxQueuedRequests(int)}; when the queue is full a request fails at once with the
         * driver's {@code RequestThrottlingException}. 0 (default) for no limit.
         *
         * @param max the max
         * @return this builder
         */
        public Builder maxConcurrentRequests(int max) {
            if (max < 0) {
                throw new ConfigurationException("maxConcurrentRequests must be 0 (no limit) or more, was " + max);
            }
            this.maxConcurrentRequests = max;
            return this;
        }

        /**
         * Requests that may wait for a free slot under {@link #maxConcurrentRequests(int)} (default 10,000).
         *
         * @param max the max
         * @return this builder
         */
        public Builder maxQueuedRequests(int max) {
            if (max < 0) {
                throw new ConfigurationException("maxQueuedRequests must not be negative, was " + max);
            }
            this.maxQueuedRequests = max;
            return this;
        }

        /**
         * Where every session of the cluster reports its requests.
         *
         * @param metrics where every session of the cluster reports its requests
         * @return this builder
         */
        public Builder metrics(MetricsMiddleware metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Observes every request of the cluster's sessions as a Micrometer {@code cassandra.query}
         * observation, whoever sends it, parented by the observation current where it is sent (see
         * {@link io.github.asynccassandra.observation.DefaultCassandraQueryObservationConvention} for its
         * keys). Needs {@code io.micrometer:micrometer-observation}. Without a registry nothing is observed, at
         * no cost.
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder observationRegistry(io.micrometer.observation.ObservationRegistry registry) {
            this.observationRegistry = Objects.requireNonNull(registry, "observationRegistry");
            return this;
        }

        /**
         * Names the observations and their keys instead of the default convention.
         *
         * @param convention the convention
         * @return this builder
         */
        public Builder observationConvention(
                io.github.asynccassandra.observation.CassandraQueryObservationConvention convention) {
            this.observationConvention = Objects.requireNonNull(convention, "observationConvention");
            return this;
        }

        /**
         * Whether the caller's thread-local context (the SLF4J MDC, the current observation, and whatever
         * else {@code io.micrometer:context-propagation} knows) is restored around the completion of the
         * futures this API returns, so that code chained on them logs with the caller's trace id. Default
         * true; it has an effect only when {@code io.micrometer:context-propagation} is on the class path.
         *
         * @param enabled whether the caller's thread-local context
         * @return this builder
         */
        public Builder propagateContext(boolean enabled) {
            this.propagateContext = enabled;
            return this;
        }

        /**
         * Any other driver option, by its path in the driver's {@code reference.conf} (the seed's
         * {@code **kwargs}); applied after every other setting. An unknown path or unsupported value type
         * is rejected.
         *
         * @param driverOptionPath the driver option path
         * @param value the value
         * @return this builder
         */
        public Builder option(String driverOptionPath, Object value) {
            DriverOptions.checkPath(driverOptionPath);
            if (value == null) {
                throw new ConfigurationException("Driver option '" + driverOptionPath + "' must not be null");
            }
            // Rejects a value type the driver cannot take now, rather than at build or connect time.
            DriverOptions.apply(DriverConfigLoader.programmaticBuilder(), driverOptionPath, value);
            options.put(driverOptionPath, value);
            return this;
        }

        /**
         * Adjusts the driver's {@link CqlSessionBuilder} of every session, after all other settings: for
         * what the builder takes but no option expresses, such as a metric registry
         * ({@code withMetricRegistry}) or a node state listener. Applied in the order added.
         *
         * @param customizer the customizer
         * @return this builder
         */
        public Builder driverSessionCustomizer(Consumer<CqlSessionBuilder> customizer) {
            driverSessionCustomizers.add(Objects.requireNonNull(customizer, "driverSessionCustomizer"));
            return this;
        }

        /**
         * The cluster, with a copy of these settings: changing this builder afterwards, or building again,
         * does not change it. No connection is made until {@code connect}.
         *
         * @return the cluster, with a copy of these settings
         */
        public AsyncCluster build() {
            if (authProvider != null && username != null) {
                throw new ConfigurationException("Set either authProvider or credentials, not both");
            }
            if (sslContext == null && (sslProtocols != null || sslCipherSuites != null)) {
                throw new ConfigurationException("sslProtocols and sslCipherSuites need an sslContext");
            }
            Tls tls = sslContext == null ? null : new Tls(sslContext, sslHostnameValidation, sslProtocols,
                    sslCipherSuites);
            ClusterSettings settings = new ClusterSettings(contactPoints, port, localDatacenter, authProvider, username,
                    password, loadBalancingPolicy, reconnectionPolicy, retryPolicy, maxRetries, tls, protocolVersion, executorThreads, callbackExecutor,
                    completeOnCallerEventLoop, maxSchemaAgreementWait,
                    controlConnectionTimeout, idleHeartbeatInterval, schemaEventRefreshWindow,
                    topologyEventRefreshWindow, statusEventRefreshWindow, ddlTimeout, maxConcurrentRequests,
                    maxQueuedRequests, metrics, observationRegistry, observationConvention, propagateContext, options,
                    driverSessionCustomizers);
            // Fail now, not at connect, on an option value the driver cannot take.
            settings.newConfigLoader().close();
            return new AsyncCluster(settings);
        }

        private static Duration positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new ConfigurationException(name + " must be a positive duration, was " + value);
            }
            return value;
        }
    }
}
