package io.github.asynccassandra.spring.boot.autoconfigure;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of async-cassandra, bound from {@code async-cassandra.*}. Defaults are those of
 * {@code AsyncCluster.builder()} and of the driver.
 */
@ConfigurationProperties(AsyncCassandraProperties.PREFIX)
public class AsyncCassandraProperties {

    /** Prefix of every property. */
    public static final String PREFIX = "async-cassandra";

    /** Hosts to contact first, as names or IP addresses. */
    private List<String> contactPoints = new ArrayList<>(List.of("127.0.0.1"));

    /** CQL port of the contact points. */
    private int port = 9042;

    /**
     * Datacenter whose nodes serve requests. When not set, it is discovered from the contact points and
     * the log says which; a name no node belongs to fails start-up.
     */
    private @Nullable String localDatacenter;

    /** Keyspace the session uses; none when not set. */
    private @Nullable String keyspace;

    /** Login user name; authentication is off when not set. */
    private @Nullable String username;

    /** Login password. */
    private @Nullable String password;

    /**
     * CQL protocol version, 5 or 6. When not set, the driver negotiates the highest the cluster speaks,
     * and anything below 5 fails start-up.
     */
    private @Nullable Integer protocolVersion;

    // Driver options have no value here unless set: the driver's default (or application.conf) holds, and
    // the metadata documents it. Library options take the core's constants.

    /** Threads that complete the futures the session returns. */
    private int executorThreads = AsyncCluster.DEFAULT_EXECUTOR_THREADS;

    /**
     * Whether a caller on a Netty event loop (a WebFlux handler) gets its futures completed on that loop
     * instead of on the callback threads; code chained on them must then not block.
     */
    private boolean completeOnCallerEventLoop = AsyncCluster.DEFAULT_COMPLETE_ON_CALLER_EVENT_LOOP;

    /** Longest wait for schema agreement after a schema change. */
    private @Nullable Duration maxSchemaAgreementWait;

    /** Timeout of the control connection's queries. */
    private @Nullable Duration controlConnectionTimeout;

    /** Heartbeat interval of idle connections. */
    private @Nullable Duration idleHeartbeatInterval;

    /** Debounce window of schema change events. */
    private @Nullable Duration schemaEventRefreshWindow;

    /** Debounce window of topology events (shared with status events: the smaller window applies). */
    private @Nullable Duration topologyEventRefreshWindow;

    /** Debounce window of node status events (shared with topology events: the smaller window applies). */
    private @Nullable Duration statusEventRefreshWindow;

    /**
     * When the session connects: EAGER at start-up, which fails if Cassandra cannot be reached; LAZY on
     * first use (with the monitor on, its first check, right after start-up), so that the application
     * starts without Cassandra and health is DOWN until it is reachable.
     */
    private Startup startup = Startup.EAGER;

    /** Longest time connecting may take (at start-up, or each lazy connect), across up to 3 attempts. */
    private Duration connectTimeout = AsyncCluster.DEFAULT_CONNECT_TIMEOUT;

    /** Timeout of schema changes (CREATE, ALTER, DROP, TRUNCATE) that set none themselves. */
    private Duration ddlTimeout = AsyncCassandraSession.DEFAULT_DDL_TIMEOUT;

    private final Request request = new Request();

    private final Retry retry = new Retry();

    private final Ssl ssl = new Ssl();

    private final Metrics metrics = new Metrics();

    private final Monitor monitor = new Monitor();

    private final Health health = new Health();

    private final Embedded embedded = new Embedded();

    /**
     * Any other driver option, by its path in the driver's reference.conf, such as
     * {@code advanced.connection.pool.local.size}. Applied last; an unknown path fails start-up.
     */
    private Map<String, String> driver = new LinkedHashMap<>();

    /** {@return hosts to contact first, as names or IP addresses} */
    public List<String> getContactPoints() {
        return contactPoints;
    }

    /**
     * Sets {@link #getContactPoints()}.
     *
     * @param contactPoints the new value
     */
    public void setContactPoints(List<String> contactPoints) {
        this.contactPoints = contactPoints;
    }

    /** {@return CQL port of the contact points} */
    public int getPort() {
        return port;
    }

    /**
     * Sets {@link #getPort()}.
     *
     * @param port the new value
     */
    public void setPort(int port) {
        this.port = port;
    }

    /** {@return datacenter whose nodes serve requests} */
    public @Nullable String getLocalDatacenter() {
        return localDatacenter;
    }

    /**
     * Sets {@link #getLocalDatacenter()}.
     *
     * @param localDatacenter the new value
     */
    public void setLocalDatacenter(@Nullable String localDatacenter) {
        this.localDatacenter = localDatacenter;
    }

    /** {@return keyspace the session uses; none when not set} */
    public @Nullable String getKeyspace() {
        return keyspace;
    }

    /**
     * Sets {@link #getKeyspace()}.
     *
     * @param keyspace the new value
     */
    public void setKeyspace(@Nullable String keyspace) {
        this.keyspace = keyspace;
    }

    /** {@return login user name; authentication is off when not set} */
    public @Nullable String getUsername() {
        return username;
    }

    /**
     * Sets {@link #getUsername()}.
     *
     * @param username the new value
     */
    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    /** {@return login password} */
    public @Nullable String getPassword() {
        return password;
    }

    /**
     * Sets {@link #getPassword()}.
     *
     * @param password the new value
     */
    public void setPassword(@Nullable String password) {
        this.password = password;
    }

    /** {@return CQL protocol version, 5 or 6} */
    public @Nullable Integer getProtocolVersion() {
        return protocolVersion;
    }

    /**
     * Sets {@link #getProtocolVersion()}.
     *
     * @param protocolVersion the new value
     */
    public void setProtocolVersion(@Nullable Integer protocolVersion) {
        this.protocolVersion = protocolVersion;
    }

    /** {@return threads that complete the futures the session returns} */
    public int getExecutorThreads() {
        return executorThreads;
    }

    /**
     * Sets {@link #getExecutorThreads()}.
     *
     * @param executorThreads the new value
     */
    public void setExecutorThreads(int executorThreads) {
        this.executorThreads = executorThreads;
    }

    /** {@return whether a caller on a Netty event loop gets its futures completed on that loop} */
    public boolean isCompleteOnCallerEventLoop() {
        return completeOnCallerEventLoop;
    }

    /**
     * Sets {@link #isCompleteOnCallerEventLoop()}.
     *
     * @param completeOnCallerEventLoop the new value
     */
    public void setCompleteOnCallerEventLoop(boolean completeOnCallerEventLoop) {
        this.completeOnCallerEventLoop = completeOnCallerEventLoop;
    }

    /** {@return longest wait for schema agreement after a schema change} */
    public @Nullable Duration getMaxSchemaAgreementWait() {
        return maxSchemaAgreementWait;
    }

    /**
     * Sets {@link #getMaxSchemaAgreementWait()}.
     *
     * @param maxSchemaAgreementWait the new value
     */
    public void setMaxSchemaAgreementWait(@Nullable Duration maxSchemaAgreementWait) {
        this.maxSchemaAgreementWait = maxSchemaAgreementWait;
    }

    /** {@return timeout of the control connection's queries} */
    public @Nullable Duration getControlConnectionTimeout() {
        return controlConnectionTimeout;
    }

    /**
     * Sets {@link #getControlConnectionTimeout()}.
     *
     * @param controlConnectionTimeout the new value
     */
    public void setControlConnectionTimeout(@Nullable Duration controlConnectionTimeout) {
        this.controlConnectionTimeout = controlConnectionTimeout;
    }

    /** {@return heartbeat interval of idle connections} */
    public @Nullable Duration getIdleHeartbeatInterval() {
        return idleHeartbeatInterval;
    }

    /**
     * Sets {@link #getIdleHeartbeatInterval()}.
     *
     * @param idleHeartbeatInterval the new value
     */
    public void setIdleHeartbeatInterval(@Nullable Duration idleHeartbeatInterval) {
        this.idleHeartbeatInterval = idleHeartbeatInterval;
    }

    /** {@return debounce window of schema change events} */
    public @Nullable Duration getSchemaEventRefreshWindow() {
        return schemaEventRefreshWindow;
    }

    /**
     * Sets {@link #getSchemaEventRefreshWindow()}.
     *
     * @param schemaEventRefreshWindow the new value
     */
    public void setSchemaEventRefreshWindow(@Nullable Duration schemaEventRefreshWindow) {
        this.schemaEventRefreshWindow = schemaEventRefreshWindow;
    }

    /**
     * {@return debounce window of topology events (shared with status events: the smaller window applies)}
     */
    public @Nullable Duration getTopologyEventRefreshWindow() {
        return topologyEventRefreshWindow;
    }

    /**
     * Sets {@link #getTopologyEventRefreshWindow()}.
     *
     * @param topologyEventRefreshWindow the new value
     */
    public void setTopologyEventRefreshWindow(@Nullable Duration topologyEventRefreshWindow) {
        this.topologyEventRefreshWindow = topologyEventRefreshWindow;
    }

    /**
     * {@return debounce window of node status events (shared with topology events: the smaller window
     * applies)}
     */
    public @Nullable Duration getStatusEventRefreshWindow() {
        return statusEventRefreshWindow;
    }

    /**
     * Sets {@link #getStatusEventRefreshWindow()}.
     *
     * @param statusEventRefreshWindow the new value
     */
    public void setStatusEventRefreshWindow(@Nullable Duration statusEventRefreshWindow) {
        this.statusEventRefreshWindow = statusEventRefreshWindow;
    }

    /**
     * {@return when the session connects: EAGER at start-up, which fails if Cassandra cannot be reached;
     * LAZY on first use (with the monitor on, its first check, right after start-up), so that the
     * application starts without Cassandra and health is DOWN until it is reachable}
     */
    public Startup getStartup() {
        return startup;
    }

    /**
     * Sets {@link #getStartup()}.
     *
     * @param startup the new value
     */
    public void setStartup(Startup startup) {
        this.startup = startup;
    }

    /**
     * {@return longest time connecting may take (at start-up, or each lazy connect), across up to 3 attempts}
     */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * Sets {@link #getConnectTimeout()}.
     *
     * @param connectTimeout the new value
     */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** {@return timeout of schema changes (CREATE, ALTER, DROP, TRUNCATE) that set none themselves} */
    public Duration getDdlTimeout() {
        return ddlTimeout;
    }

    /**
     * Sets {@link #getDdlTimeout()}.
     *
     * @param ddlTimeout the new value
     */
    public void setDdlTimeout(Duration ddlTimeout) {
        this.ddlTimeout = ddlTimeout;
    }

    /** {@return request defaults: timeout, page size, consistency, concurrency} */
    public Request getRequest() {
        return request;
    }

    /** {@return retries of the idempotency-safe retry policy} */
    public Retry getRetry() {
        return retry;
    }

    /** {@return client-to-node TLS} */
    public Ssl getSsl() {
        return ssl;
    }

    /** {@return the Micrometer meters of requests and of the driver} */
    public Metrics getMetrics() {
        return metrics;
    }

    /** {@return the connection monitor} */
    public Monitor getMonitor() {
        return monitor;
    }

    /** {@return the health indicator} */
    public Health getHealth() {
        return health;
    }

    /** {@return the embedded node for development} */
    public Embedded getEmbedded() {
        return embedded;
    }

    /**
     * {@return any other driver option, by its path in the driver's reference.conf, such as {@code
     * advanced.connection.pool.local.size}}
     */
    public Map<String, String> getDriver() {
        return driver;
    }

    /**
     * Sets {@link #getDriver()}.
     *
     * @param driver the new value
     */
    public void setDriver(Map<String, String> driver) {
        this.driver = driver;
    }

    /** Defaults of every request. */
    public static class Request {

        /** How long a request may take before it fails with a client timeout. */
        private @Nullable Duration timeout;

        /** Consistency level of requests that set none. */
        private @Nullable DefaultConsistencyLevel consistency;

        /** Serial consistency level of lightweight transactions that set none. */
        private @Nullable DefaultConsistencyLevel serialConsistency;

        /** Rows per page of results. */
        private @Nullable Integer pageSize;

        /**
         * Most requests in flight per session; further requests wait in a queue. 0 for no limit.
         */
        private int maxConcurrentRequests;

        /** Most requests waiting for a free slot; beyond it a request fails at once. */
        private int maxQueuedRequests = AsyncCluster.DEFAULT_MAX_QUEUED_REQUESTS;

        /** {@return how long a request may take before it fails with a client timeout} */
        public @Nullable Duration getTimeout() {
            return timeout;
        }

        /**
         * Sets {@link #getTimeout()}.
         *
         * @param timeout the new value
         */
        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }

        /** {@return consistency level of requests that set none} */
        public @Nullable DefaultConsistencyLevel getConsistency() {
            return consistency;
        }

        /**
         * Sets {@link #getConsistency()}.
         *
         * @param consistency the new value
         */
        public void setConsistency(@Nullable DefaultConsistencyLevel consistency) {
            this.consistency = consistency;
        }

        /** {@return serial consistency level of lightweight transactions that set none} */
        public @Nullable DefaultConsistencyLevel getSerialConsistency() {
            return serialConsistency;
        }

        /**
         * Sets {@link #getSerialConsistency()}.
         *
         * @param serialConsistency the new value
         */
        public void setSerialConsistency(@Nullable DefaultConsistencyLevel serialConsistency) {
            this.serialConsistency = serialConsistency;
        }

        /** {@return rows per page of results} */
        public @Nullable Integer getPageSize() {
            return pageSize;
        }

        /**
         * Sets {@link #getPageSize()}.
         *
         * @param pageSize the new value
         */
        public void setPageSize(@Nullable Integer pageSize) {
            this.pageSize = pageSize;
        }

        /** {@return most requests in flight per session; further requests wait in a queue} */
        public int getMaxConcurrentRequests() {
            return maxConcurrentRequests;
        }

        /**
         * Sets {@link #getMaxConcurrentRequests()}.
         *
         * @param maxConcurrentRequests the new value
         */
        public void setMaxConcurrentRequests(int maxConcurrentRequests) {
            this.maxConcurrentRequests = maxConcurrentRequests;
        }

        /** {@return most requests waiting for a free slot; beyond it a request fails at once} */
        public int getMaxQueuedRequests() {
            return maxQueuedRequests;
        }

        /**
         * Sets {@link #getMaxQueuedRequests()}.
         *
         * @param maxQueuedRequests the new value
         */
        public void setMaxQueuedRequests(int maxQueuedRequests) {
            this.maxQueuedRequests = maxQueuedRequests;
        }
    }

    /** Retries of the idempotency-safe retry policy. */
    public static class Retry {

        /** Retries allowed per request; non-idempotent writes are never retried after a timeout. */
        private @Nullable Integer maxRetries;

        /** {@return retries allowed per request; non-idempotent writes are never retried after a timeout} */
        public @Nullable Integer getMaxRetries() {
            return maxRetries;
        }

        /**
         * Sets {@link #getMaxRetries()}.
         *
         * @param maxRetries the new value
         */
        public void setMaxRetries(@Nullable Integer maxRetries) {
            this.maxRetries = maxRetries;
        }
    }

    /** Client-to-node encryption. */
    public static class Ssl {

        /** Whether to use TLS; implied when a bundle is named. Without a bundle the JVM's defaults apply. */
        private boolean enabled;

        /** Name of the SSL bundle (spring.ssl.bundle.*) holding the trust store and, for mTLS, the key store. */
        private @Nullable String bundle;

        /** Whether the node's certificate must match its address. */
        private boolean hostnameValidation = true;

        /** {@return whether to use TLS; implied when a bundle is named} */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@link #isEnabled()}.
         *
         * @param enabled the new value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * {@return name of the SSL bundle (spring.ssl.bundle.*) holding the trust store and, for mTLS, the
         * key store}
         */
        public @Nullable String getBundle() {
            return bundle;
        }

        /**
         * Sets {@link #getBundle()}.
         *
         * @param bundle the new value
         */
        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }

        /** {@return whether the node's certificate must match its address} */
        public boolean isHostnameValidation() {
            return hostnameValidation;
        }

        /**
         * Sets {@link #isHostnameValidation()}.
         *
         * @param hostnameValidation the new value
         */
        public void setHostnameValidation(boolean hostnameValidation) {
            this.hostnameValidation = hostnameValidation;
        }
    }

    /** Request metrics. */
    public static class Metrics {

        /** Whether to record every request (MetricsMiddleware), and publish it to Micrometer when present. */
        private boolean enabled = true;

        /** Requests slower than this are logged at WARN, with their CQL but never their values; off when not set. */
        private @Nullable Duration slowQueryThreshold;

        /** Publish the driver's own metrics. */
        private final DriverMetrics driver = new DriverMetrics();

        /**
         * {@return whether to record every request (MetricsMiddleware), and publish it to Micrometer when
         * present}
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@link #isEnabled()}.
         *
         * @param enabled the new value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * {@return requests slower than this are logged at WARN, with their CQL but never their values; off
         * when not set}
         */
        public @Nullable Duration getSlowQueryThreshold() {
            return slowQueryThreshold;
        }

        /**
         * Sets {@link #getSlowQueryThreshold()}.
         *
         * @param slowQueryThreshold the new value
         */
        public void setSlowQueryThreshold(@Nullable Duration slowQueryThreshold) {
            this.slowQueryThreshold = slowQueryThreshold;
        }

        /** {@return publish the driver's own metrics} */
        public DriverMetrics getDriver() {
            return driver;
        }
    }

    /** The driver's own session and node metrics, published to Micrometer. */
    public static class DriverMetrics {

        /** Whether to publish the driver's metrics (needs java-driver-metrics-micrometer). */
        private boolean enabled = true;

        /**
         * Session metrics to publish, by the driver's names (advanced.metrics.session.enabled). Not
         * {@code cql-requests} by default: every request is timed once already, by the session's request
         * tracker ({@code cassandra.query.duration}), and a second timer would cost each request again.
         */
        private List<String> session = new ArrayList<>(List.of("connected-nodes", "cql-client-timeouts",
                "throttling.delay", "throttling.errors", "bytes-sent", "bytes-received"));

        /** Node metrics to publish, by the driver's names (advanced.metrics.node.enabled). */
        private List<String> node = new ArrayList<>(List.of("pool.open-connections", "pool.in-flight",
                "errors.request.unavailables", "errors.request.read-timeouts", "errors.request.write-timeouts",
                "errors.connection.init", "retries.total", "speculative-executions"));

        /** {@return whether to publish the driver's metrics (needs java-driver-metrics-micrometer)} */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@link #isEnabled()}.
         *
         * @param enabled the new value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return session metrics to publish, by the driver's names (advanced.metrics.session.enabled)} */
        public List<String> getSession() {
            return session;
        }

        /**
         * Sets {@link #getSession()}.
         *
         * @param session the new value
         */
        public void setSession(List<String> session) {
            this.session = session;
        }

        /** {@return node metrics to publish, by the driver's names (advanced.metrics.node.enabled)} */
        public List<String> getNode() {
            return node;
        }

        /**
         * Sets {@link #getNode()}.
         *
         * @param node the new value
         */
        public void setNode(List<String> node) {
            this.node = node;
        }
    }

    /** The connection monitor, which probes every node. */
    public static class Monitor {

        /** Whether to probe every node on a schedule while the application runs. */
        private boolean enabled = true;

        /** Time between two checks of every node. */
        private Duration interval = Duration.ofSeconds(10);

        /** Longest a probe may take before its node counts as down. */
        private Duration probeTimeout = Duration.ofSeconds(5);

        /** {@return whether to probe every node on a schedule while the application runs} */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@link #isEnabled()}.
         *
         * @param enabled the new value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return time between two checks of every node} */
        public Duration getInterval() {
            return interval;
        }

        /**
         * Sets {@link #getInterval()}.
         *
         * @param interval the new value
         */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /** {@return longest a probe may take before its node counts as down} */
        public Duration getProbeTimeout() {
            return probeTimeout;
        }

        /**
         * Sets {@link #getProbeTimeout()}.
         *
         * @param probeTimeout the new value
         */
        public void setProbeTimeout(Duration probeTimeout) {
            this.probeTimeout = probeTimeout;
        }
    }

    /** The actuator health indicator "asyncCassandra". */
    public static class Health {

        /**
         * Whether to contribute the "asyncCassandra" health indicator. Deprecated: use
         * management.health.async-cassandra.enabled, as for Spring Boot's own indicators.
         */
        private boolean enabled = true;

        /**
         * Status reported while some nodes answer and others do not, such as UP, DOWN, OUT_OF_SERVICE or a
         * custom DEGRADED (map custom statuses with management.endpoint.health.status.*).
         */
        private String statusWhenNodeDown = "UP";

        /**
         * Whether to contribute the health indicator.
         *
         * @return whether to contribute the health indicator
         * @deprecated use {@code management.health.async-cassandra.enabled}, as for Spring Boot's own indicators
         */
        @Deprecated
        @DeprecatedConfigurationProperty(replacement = "management.health.async-cassandra.enabled")
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * @param enabled whether to contribute the health indicator
         * @deprecated use {@code management.health.async-cassandra.enabled}
         */
        @Deprecated
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * {@return status reported while some nodes answer and others do not, such as UP, DOWN,
         * OUT_OF_SERVICE or a custom DEGRADED (map custom statuses with
         * management.endpoint.health.status.*)}
         */
        public String getStatusWhenNodeDown() {
            return statusWhenNodeDown;
        }

        /**
         * Sets {@link #getStatusWhenNodeDown()}.
         *
         * @param statusWhenNodeDown the new value
         */
        public void setStatusWhenNodeDown(String statusWhenNodeDown) {
            this.statusWhenNodeDown = statusWhenNodeDown;
        }
    }

    /** A real Cassandra started with the application (needs async-cassandra-embedded). */
    public static class Embedded {

        /** Whether to start an embedded Cassandra and connect to it instead of the contact points. */
        private boolean enabled;

        /** Cassandra version to run (org.apache.cassandra:cassandra-all). */
        private String version = "5.0.9";

        /** Nodes to start, on 127.0.0.1 up to 127.0.0.9. */
        private int nodes = 1;

        /** CQL port of the nodes; 0 picks a free one. */
        private int nativePort;

        /** Inter-node port of the nodes; 0 picks a free one. */
        private int storagePort;

        /** Heap of each node's JVM, such as 768m or 1g. */
        private String heap = "1g";

        /** Directory for data and logs, kept between runs; when not set or empty, a temporary directory deleted on stop. */
        private @Nullable Path workingDirectory;

        /** Whether clients must log in (as cassandra/cassandra). */
        private boolean authentication;

        /** Whether clients must use TLS (a self-signed certificate is generated and trusted). */
        private boolean clientTls;

        /** Longest time each node may take to start. */
        private Duration startupTimeout = Duration.ofMinutes(3);

        /**
         * {@return whether to start an embedded Cassandra and connect to it instead of the contact points}
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets {@link #isEnabled()}.
         *
         * @param enabled the new value
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return cassandra version to run (org.apache.cassandra:cassandra-all)} */
        public String getVersion() {
            return version;
        }

        /**
         * Sets {@link #getVersion()}.
         *
         * @param version the new value
         */
        public void setVersion(String version) {
            this.version = version;
        }

        /** {@return nodes to start, on 127.0.0.1 up to 127.0.0.9} */
        public int getNodes() {
            return nodes;
        }

        /**
         * Sets {@link #getNodes()}.
         *
         * @param nodes the new value
         */
        public void setNodes(int nodes) {
            this.nodes = nodes;
        }

        /** {@return CQL port of the nodes; 0 picks a free one} */
        public int getNativePort() {
            return nativePort;
        }

        /**
         * Sets {@link #getNativePort()}.
         *
         * @param nativePort the new value
         */
        public void setNativePort(int nativePort) {
            this.nativePort = nativePort;
        }

        /** {@return inter-node port of the nodes; 0 picks a free one} */
        public int getStoragePort() {
            return storagePort;
        }

        /**
         * Sets {@link #getStoragePort()}.
         *
         * @param storagePort the new value
         */
        public void setStoragePort(int storagePort) {
            this.storagePort = storagePort;
        }

        /** {@return heap of each node's JVM, such as 768m or 1g} */
        public String getHeap() {
            return heap;
        }

        /**
         * Sets {@link #getHeap()}.
         *
         * @param heap the new value
         */
        public void setHeap(String heap) {
            this.heap = heap;
        }

        /**
         * {@return directory for data and logs, kept between runs; when not set or empty, a temporary
         * directory deleted on stop}
         */
        public @Nullable Path getWorkingDirectory() {
            return workingDirectory;
        }

        /**
         * Sets {@link #getWorkingDirectory()}.
         *
         * @param workingDirectory the new value
         */
        public void setWorkingDirectory(@Nullable Path workingDirectory) {
            this.workingDirectory = workingDirectory;
        }

        /** {@return whether clients must log in (as cassandra/cassandra)} */
        public boolean isAuthentication() {
            return authentication;
        }

        /**
         * Sets {@link #isAuthentication()}.
         *
         * @param authentication the new value
         */
        public void setAuthentication(boolean authentication) {
            this.authentication = authentication;
        }

        /** {@return whether clients must use TLS (a self-signed certificate is generated and trusted)} */
        public boolean isClientTls() {
            return clientTls;
        }

        /**
         * Sets {@link #isClientTls()}.
         *
         * @param clientTls the new value
         */
        public void setClientTls(boolean clientTls) {
            this.clientTls = clientTls;
        }

        /** {@return longest time each node may take to start} */
        public Duration getStartupTimeout() {
            return startupTimeout;
        }

        /**
         * Sets {@link #getStartupTimeout()}.
         *
         * @param startupTimeout the new value
         */
        public void setStartupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
        }
    }

    /** When the session connects. */
    public enum Startup {
        /** At start-up: start-up fails if Cassandra cannot be reached. */
        EAGER,
        /** On first use: the application starts without Cassandra. */
        LAZY
    }
}
