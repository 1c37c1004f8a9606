package io.github.asynccassandra.embedded;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import io.github.asynccassandra.embedded.internal.CassandraClasspathResolver;
import io.github.asynccassandra.embedded.internal.CqlProbe;
import io.github.asynccassandra.embedded.internal.NodeConfiguration;
import io.github.asynccassandra.embedded.internal.NodeMain;
import io.github.asynccassandra.embedded.internal.NodeProcess;
import io.github.asynccassandra.embedded.internal.Ports;
import io.github.asynccassandra.embedded.internal.TlsMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Real Apache Cassandra nodes for tests and local runs, without Docker.
 *
 * <p>Each node is a forked JVM whose classpath is {@code org.apache.cassandra:cassandra-all} and its
 * dependencies, resolved from Maven repositories at run time (so Cassandra's jars never reach the
 * application's classpath). Nodes listen on {@code 127.0.0.1}, {@code 127.0.0.2}, … and are
 * numbered from 1, so node {@code i} is {@code 127.0.0.i}.
 *
 * <pre>{@code
 * try (EmbeddedCassandra cassandra = EmbeddedCassandra.builder().build().start();
 *      CqlSession session = cassandra.cqlSessionBuilder().build()) {
 *     session.execute("SELECT release_version FROM system.local");
 * }
 * }</pre>
 *
 * <p>No node outlives the JVM that started it: {@link #stop()} ends them, a shutdown hook ends them
 * when the JVM exits, and each node exits by itself when its parent JVM dies without a hook.
 * Methods are thread-safe.
 */
public final class EmbeddedCassandra implements AutoCloseable {

    /** Cassandra version started when none is given. */
    public static final String DEFAULT_VERSION = "5.0.9";
    /** Datacenter of every node ({@code SimpleSnitch}). */
    public static final String DATACENTER = "datacenter1";
    /** Superuser name and password when authentication is on. */
    public static final String SUPERUSER = "cassandra";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCassandra.class);
    private static final Pattern HEAP_SIZE = Pattern.compile("\\d+[kKmMgG]");
    private static final int LOG_LINES_IN_ERRORS = 40;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Map<String, List<Path>> RESOLVED_CLASSPATHS = new ConcurrentHashMap<>();

    private final String version;
    private final int nodeCount;
    private final int requestedNativePort;
    private final int requestedStoragePort;
    private final String heap;
    private final Path requestedWorkingDirectory;
    private final boolean authentication;
    private final boolean clientTls;
    private final Map<String, Object> extraYaml;
    private final List<String> extraJvmOptions;
    private final Duration startupTimeout;
    private final Path javaHome;
    private final List<InetAddress> addresses;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private Path workingDirectory;
    private int nativePort;
    private int storagePort;
    private TlsMaterial tls;
    private Thread shutdownHook;
    private boolean started;

    private EmbeddedCassandra(Builder builder) {
        this.version = builder.version;
        this.nodeCount = builder.nodes;
        this.requestedNativePort = builder.nativePort;
        this.requestedStoragePort = builder.storagePort;
        this.heap = builder.heap;
        this.requestedWorkingDirectory = builder.workingDirectory;
        this.authentication = builder.authentication;
        this.clientTls = builder.clientTls;
        this.extraYaml = Map.copyOf(builder.yaml);
        this.extraJvmOptions = List.copyOf(builder.jvmOptions);
        this.startupTimeout = builder.startupTimeout;
        this.javaHome = builder.javaHome;
        this.addresses = new ArrayList<>();
        for (int i = 1; i <= nodeCount; i++) {
            addresses.add(loopback(i));
        }
    }

    /** {@return a builder with the defaults: one node of {@value #DEFAULT_VERSION} on 127.0.0.1:9042} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node, one after another, and returns once each accepts CQL (with the superuser
     * in place when authentication is on) and, for several nodes, a client sees all of them UP.
     *
     * @return this, for chaining
     * @throws EmbeddedCassandraException naming the node and showing its last log lines when a node
     *     cannot start, or the port when one is taken; nothing is left running then
     */
    public synchronized EmbeddedCassandra start() {
        if (started) {
            throw new IllegalStateException("Embedded Cassandra is already started");
        }
        long begin = System.nanoTime();
        try {
            prepare();
            for (NodeProcess node : nodes) {
                launchAndAwait(node);
            }
            if (nodeCount > 1) {
                awaitAllNodesUp();
            }
            started = true;
            log.info("Embedded Cassandra {} started: {} node(s) on {}, native port {}, in {} ms", version, nodeCount,
                    addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(",")),
                    nativePort, Duration.ofNanos(System.nanoTime() - begin).toMillis());
            return this;
        } catch (RuntimeException e) {
            stopQuietly();
            throw e;
        }
    }

    private void prepare() {
        List<Path> classpath = RESOLVED_CLASSPATHS.computeIfAbsent(version,
                v -> new CassandraClasspathResolver().resolve(v));
        try {
            workingDirectory = requestedWorkingDirectory != null ? requestedWorkingDirectory
                    : Files.createTempDirectory(Files.createDirectories(Path.of("target", "embedded-cassandra")),
                            "cassandra-");
            workingDirectory = workingDirectory.toAbsolutePath();
            Files.createDirectories(workingDirectory);
            Path launcherDirectory = extractLauncher(workingDirectory.resolve("launcher"));
            List<String> jvmOptions = readResourceLines("jvm17-server.options");
            nativePort = requestedNativePort != 0 ? requestedNativePort : Ports.findFree(addresses, Set.of());
            storagePort = requestedStoragePort != 0 ? requestedStoragePort
                    : Ports.findFree(addresses, Set.of(nativePort));
            if (clientTls) {
                tls = TlsMaterial.generate(workingDirectory.resolve("tls"), addresses);
            }
            shutdownHook = new Thread(this::stopQuietly, "embedded-cassandra-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            nodes.clear();
            for (int i = 1; i <= nodeCount; i++) {
                nodes.add(writeNodeFiles(i, classpath, launcherDirectory, jvmOptions));
            }
        } catch (IOException e) {
            throw new EmbeddedCassandraException("Cannot prepare the working directory " + workingDirectory, e);
        }
    }

    private NodeProcess writeNodeFiles(int index, List<Path> classpath, Path launcherDirectory, List<String> jvmOptions)
            throws IOException {
        Path nodeDirectory = workingDirectory.resolve("node" + index);
        Path conf = Files.createDirectories(nodeDirectory.resolve("conf"));
        Path data = nodeDirectory.resolve("data");
        Map<String, Object> settings = NodeConfiguration.settings(index, nodeCount, addresses.get(index - 1),
                addresses.get(0), nativePort, storagePort, data, authentication, tls, extraYaml);
        Path yaml = Files.writeString(conf.resolve("cassandra.yaml"), NodeConfiguration.toYaml(settings));
        Path logback = Files.writeString(conf.resolve("logback.xml"), NodeConfiguration.logbackXml());

        // Cassandra 5.0 on Java 17 needs these module flags (an argument file cannot include another).
        List<String> arguments = new ArrayList<>(jvmOptions);
        arguments.add("-Xms" + heap);
        arguments.add("-Xmx" + heap);
        arguments.add("-Dcassandra.config=" + yaml.toUri());
        arguments.add("-Dcassandra-foreground=yes");
        arguments.add("-Dcassandra.storagedir=" + data);
        arguments.add("-Dcassandra.logdir=" + nodeDirectory.resolve("logs"));
        // The native libraries a node unpacks at each start (lz4, snappy) go with the node's files, not into
        // the system's temp folder, where every start would leave a copy behind.
        arguments.add("-Djava.io.tmpdir=" + emptyDirectory(nodeDirectory.resolve("tmp")));
        arguments.add("-Dlogback.configurationFile=" + logback.toUri());
        arguments.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
        arguments.add("-Dcassandra.ring_delay_ms=1000");
        arguments.add("-Dcassandra.superuser_setup_delay_ms=0");
        arguments.add("-Djava.net.preferIPv4Stack=true");
        arguments.addAll(extraJvmOptions);
        arguments.add("-cp");
        arguments.add(Stream.concat(Stream.of(launcherDirectory), classpath.stream())
                .map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        Path argumentFile = nodeDirectory.resolve("jvm.args");
        Files.writeString(argumentFile, arguments.stream().map(EmbeddedCassandra::quoteArgument)
                .collect(Collectors.joining("\n", "", "\n")));
        Path java = (javaHome != null ? javaHome : Path.of(System.getProperty("java.home"))).resolve("bin").resolve("java");
        return new NodeProcess(index, addresses.get(index - 1), nodeDirectory, argumentFile, java);
    }

    private static Path emptyDirectory(Path directory) throws IOException {
        deleteRecursively(directory);
        return Files.createDirectories(directory);
    }

    private static String quoteArgument(String argument) {
        return "\"" + argument.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void launchAndAwait(NodeProcess node) {
        for (int port : new int[] {nativePort, storagePort}) {
            if (!Ports.isFree(node.address(), port)) {
                throw new EmbeddedCassandraException("Cannot start node " + node.index() + ": port " + port + " on "
                        + node.address().getHostAddress() + " is already in use (is another Cassandra running? "
                        + "choose other ports with nativePort(..)/storagePort(..), or 0 for free ones)");
            }
        }
        node.launch();
        awaitCql(node);
    }

    private void awaitCql(NodeProcess node) {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        InetSocketAddress endpoint = new InetSocketAddress(node.address(), nativePort);
        RuntimeException lastFailure = null;
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) {
                throw startFailure(node, "its JVM exited with code " + node.exitCode() + " during start-up", null);
            }
            if (CqlProbe.acceptsConnections(endpoint)) {
                try {
                    String release = CqlProbe.releaseVersion(() -> cqlSessionBuilder(List.of(endpoint)));
                    log.debug("Node {} ({}) answers CQL, release {}", node.index(), endpoint, release);
                    return;
                } catch (RuntimeException e) {
                    // The superuser may not exist yet, or the node is still opening up.
                    lastFailure = e;
                }
            }
            sleep(POLL_INTERVAL);
        }
        throw startFailure(node, "it did not accept CQL within " + startupTimeout, lastFailure);
    }

    private void awaitAllNodesUp() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        int up = 0;
        while (System.nanoTime() < deadline) {
            try {
                up = CqlProbe.upNodes(this::cqlSessionBuilder, nodeCount);
                if (up == nodeCount) {
                    return;
                }
            } catch (RuntimeException e) {
                log.debug("Cluster not ready yet", e);
            }
            sleep(POLL_INTERVAL);
        }
        throw new EmbeddedCassandraException("Only " + Math.max(up, 0) + " of " + nodeCount
                + " nodes were seen UP within " + startupTimeout);
    }

    private EmbeddedCassandraException startFailure(NodeProcess node, String reason, Throwable cause) {
        String tail = String.join(System.lineSeparator() + "    ", node.logTail(LOG_LINES_IN_ERRORS));
        return new EmbeddedCassandraException("Cassandra node " + node.index() + " (" + node.address().getHostAddress()
                + ":" + nativePort + ", version " + version + ") failed to start: " + reason + ". Log: "
                + node.logFile() + System.lineSeparator() + "  Last lines:" + System.lineSeparator() + "    " + tail,
                cause);
    }

    /** Stops every node (gracefully, then by force) and deletes a temporary working directory. */
    public synchronized void stop() {
        stopNodes();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is what is calling us.
            }
            shutdownHook = null;
        }
        if (requestedWorkingDirectory == null && workingDirectory != null) {
            deleteRecursively(workingDirectory);
        }
        started = false;
    }

    private void stopNodes() {
        nodes.forEach(NodeProcess::requestStop);
        nodes.forEach(NodeProcess::stop);
    }

    private void stopQuietly() {
        try {
            stopNodes();
        } catch (RuntimeException e) {
            log.warn("Could not stop every embedded Cassandra node", e);
            nodes.forEach(NodeProcess::kill);
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** {@return whether {@link #start()} has completed and {@link #stop()} has not been called since} */
    public synchronized boolean isStarted() {
        return started;
    }

    /**
     * Freezes node {@code node} (SIGSTOP): it holds its connections but answers nothing.
     *
     * @param node number of the node, from 1
     */
    public synchronized void pause(int node) {
        node(node).pause();
    }

    /**
     * Thaws node {@code node} (SIGCONT) after {@link #pause(int)}.
     *
     * @param node number of the node, from 1
     */
    public synchronized void resume(int node) {
        node(node).resume();
    }

    /**
     * Kills node {@code node} at once (SIGKILL), like a crash; {@link #restart(int)} brings it back.
     *
     * @param node number of the node, from 1
     */
    public synchronized void kill(int node) {
        node(node).kill();
    }

    /**
     * Starts node {@code node} again on the same data, stopping it first if it still runs, and returns
     * once it accepts CQL.
     *
     * @param node number of the node, from 1
     */
    public synchronized void restart(int node) {
        NodeProcess process = node(node);
        process.stop();
        launchAndAwait(process);
    }

    /**
     * Makes node {@code node} leave the ring, as {@code nodetool decommission} does: its data streams to
     * the others and clients see it removed. Returns once it has left. Its JVM keeps running, out of the
     * ring, until {@link #stop()}.
     *
     * @param node number of the node, from 1
     */
    public synchronized void decommission(int node) {
        node(node).decommission(startupTimeout);
    }

    /**
     * Whether node {@code node}'s JVM is running (a paused node is running).
     *
     * @param node number of the node, from 1
     * @return whether node {@code node}'s JVM is running
     */
    public synchronized boolean isRunning(int node) {
        return node(node).isAlive();
    }

    /**
     * Process id of node {@code node}'s JVM, or -1 when it is not running.
     *
     * @param node number of the node, from 1
     * @return process id of node {@code node}'s JVM, or -1 when it is not running
     */
    public synchronized long pid(int node) {
        return node(node).pid();
    }

    /**
     * The last {@code lines} lines of node {@code node}'s log.
     *
     * @param node number of the node, from 1
     * @param lines how many lines
     * @return the last {@code lines} lines of node {@code node}'s log
     */
    public synchronized List<String> logTail(int node, int lines) {
        return node(node).logTail(lines);
    }

    private NodeProcess node(int node) {
        if (!started || nodes.isEmpty()) {
            throw new IllegalStateException("Embedded Cassandra is not started");
        }
        if (node < 1 || node > nodes.size()) {
            throw new IllegalArgumentException("No node " + node + ": nodes are numbered 1.." + nodes.size());
        }
        return nodes.get(node - 1);
    }

    /** {@return Cassandra version of the nodes} */
    public String version() {
        return version;
    }

    /** {@return number of nodes} */
    public int size() {
        return nodeCount;
    }

    /**
     * Address of node {@code node} ({@code 127.0.0.node}).
     *
     * @param node number of the node, from 1
     * @return address of node {@code node}
     */
    public InetAddress address(int node) {
        if (node < 1 || node > nodeCount) {
            throw new IllegalArgumentException("No node " + node + ": nodes are numbered 1.." + nodeCount);
        }
        return addresses.get(node - 1);
    }

    /** {@return every node's CQL endpoint, to use as the client's contact points} */
    public synchronized List<InetSocketAddress> contactPoints() {
        requireStartedOrStarting();
        return addresses.stream().map(a -> new InetSocketAddress(a, nativePort)).toList();
    }

    /** {@return the CQL (native transport) port, the same on every node} */
    public synchronized int nativePort() {
        requireStartedOrStarting();
        return nativePort;
    }

    /** {@return the inter-node (storage) port, the same on every node} */
    public synchronized int storagePort() {
        requireStartedOrStarting();
        return storagePort;
    }

    /** {@return the datacenter clients must name as their local one} */
    public String localDatacenter() {
        return DATACENTER;
    }

    /** {@return whether clients must log in ({@code PasswordAuthenticator})} */
    public boolean isAuthenticationEnabled() {
        return authentication;
    }

    /** {@return superuser name when authentication is on, otherwise {@code null}} */
    public @Nullable String username() {
        return authentication ? SUPERUSER : null;
    }

    /** {@return superuser password when authentication is on, otherwise {@code null}} */
    public @Nullable String password() {
        return authentication ? SUPERUSER : null;
    }

    /** {@return whether clients must connect with TLS} */
    public boolean isClientTlsEnabled() {
        return clientTls;
    }

    /** {@return an SSL context that trusts the nodes' certificate} */
    public synchronized SSLContext sslContext() {
        return requireTls().clientSslContext();
    }

    /** {@return the client trust store (PKCS12) holding the nodes' certificate} */
    public synchronized Path trustStore() {
        return requireTls().trustStore();
    }

    /** {@return password of {@link #trustStore()}} */
    public synchronized String trustStorePassword() {
        return requireTls().password();
    }

    /** {@return type of {@link #trustStore()}: {@code PKCS12}} */
    public String trustStoreType() {
        return TlsMaterial.STORE_TYPE;
    }

    /** {@return the directory holding every node's configuration, data and log} */
    public synchronized Path workingDirectory() {
        requireStartedOrStarting();
        return workingDirectory;
    }

    /**
     * A driver session builder already pointed at these nodes: contact points, local datacenter,
     * credentials and TLS (with hostname verification) as needed.
     *
     * @return this builder
     */
    public synchronized CqlSessionBuilder cqlSessionBuilder() {
        return cqlSessionBuilder(contactPoints());
    }

    private CqlSessionBuilder cqlSessionBuilder(List<InetSocketAddress> contactPoints) {
        CqlSessionBuilder builder = CqlSession.builder().addContactPoints(contactPoints)
                .withLocalDatacenter(DATACENTER);
        if (authentication) {
            builder.withAuthCredentials(SUPERUSER, SUPERUSER);
        }
        if (tls != null) {
            builder.withSslEngineFactory(new ProgrammaticSslEngineFactory(tls.clientSslContext(), null, true));
        }
        return builder;
    }

    private TlsMaterial requireTls() {
        if (!clientTls) {
            throw new IllegalStateException("Client TLS is off: enable it with EmbeddedCassandra.builder().clientTls(true)");
        }
        requireStartedOrStarting();
        return tls;
    }

    private void requireStartedOrStarting() {
        if (workingDirectory == null) {
            throw new IllegalStateException("Embedded Cassandra is not started");
        }
    }

    private static Path extractLauncher(Path directory) throws IOException {
        String resource = NodeMain.class.getName().replace('.', '/') + ".class";
        Path target = directory.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = NodeMain.class.getClassLoader().getResourceAsStream(resource)) {
            Files.write(target, Objects.requireNonNull(in, resource).readAllBytes());
        }
        return directory;
    }

    private static List<String> readResourceLines(String name) throws IOException {
        try (InputStream in = NodeMain.class.getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8)
                    .lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    // "--add-opens x" becomes "--add-opens=x": one argument, safe to quote.
                    .map(line -> line.startsWith("--") ? line.replaceFirst(" +", "=") : line).toList();
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete {} completely", directory, e);
        }
    }

    private static InetAddress loopback(int node) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) node});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedCassandraException("Interrupted while waiting for Cassandra", e);
        }
    }

    /** Builder of {@link EmbeddedCassandra}; every setting is checked when it is set. */
    public static final class Builder {

        private String version = DEFAULT_VERSION;
        private int nodes = 1;
        private int nativePort = 9042;
        private int storagePort = 7000;
        private String heap = "1g";
        private Path workingDirectory;
        private boolean authentication;
        private boolean clientTls;
        private final Map<String, Object> yaml = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private Duration startupTimeout = Duration.ofMinutes(3);
        private Path javaHome;

        private Builder() {
        }

        /**
         * Version of {@code org.apache.cassandra:cassandra-all} to run (default {@value #DEFAULT_VERSION}).
         *
         * @param version version of {@code org.apache.cassandra:cassandra-all} to run
         * @return this builder
         */
        public Builder version(String version) {
            if (version == null || version.isBlank()) {
                throw new IllegalArgumentException("version must not be blank");
            }
            this.version = version.strip();
            return this;
        }

        /**
         * Number of nodes, on 127.0.0.1 to 127.0.0.{@code count} (default 1, at most 9).
         *
         * @param count number of nodes, on 127.0.0.1 to 127.0.0.{@code count}
         * @return this builder
         */
        public Builder nodes(int count) {
            if (count < 1 || count > 9) {
                throw new IllegalArgumentException("nodes must be between 1 and 9, was " + count);
            }
            this.nodes = count;
            return this;
        }

        /**
         * CQL port of every node (default 9042); 0 picks a free one at start.
         *
         * @param port CQL port of every node
         * @return this builder
         */
        public Builder nativePort(int port) {
            this.nativePort = checkPort("nativePort", port);
            return this;
        }

        /**
         * Inter-node port of every node (default 7000); 0 picks a free one at start.
         *
         * @param port inter-node port of every node
         * @return this builder
         */
        public Builder storagePort(int port) {
            this.storagePort = checkPort("storagePort", port);
            return this;
        }

        /**
         * Heap of each node's JVM, such as {@code 768m} or {@code 1g} (default 1g).
         *
         * @param size heap of each node's JVM, such as {@code 768m} or {@code 1g}
         * @return this builder
         */
        public Builder heap(String size) {
            if (size == null || !HEAP_SIZE.matcher(size).matches()) {
                throw new IllegalArgumentException("heap must be a JVM size such as 768m or 1g, was " + size);
            }
            this.heap = size;
            return this;
        }

        /**
         * Directory for configuration, data and logs, kept after {@link EmbeddedCassandra#stop()} so data
         * survives restarts. By default a fresh directory under {@code target/embedded-cassandra} is
         * used and deleted on stop.
         *
         * @param directory directory for configuration, data and logs, kept after {@link
         *     EmbeddedCassandra#stop()} so data survives restarts
         * @return this builder
         */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = Objects.requireNonNull(directory, "workingDirectory");
            return this;
        }

        /**
         * Whether clients must log in (superuser {@code cassandra}/{@code cassandra}); default off.
         *
         * @param enabled whether clients must log in
         * @return this builder
         */
        public Builder authentication(boolean enabled) {
            this.authentication = enabled;
            return this;
        }

        /**
         * Whether clients must use TLS (a self-signed certificate is generated); default off.
         *
         * @param enabled whether clients must use TLS
         * @return this builder
         */
        public Builder clientTls(boolean enabled) {
            this.clientTls = enabled;
            return this;
        }

        /**
         * Sets one {@code cassandra.yaml} setting, overriding the embedded defaults.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder yaml(String key, Object value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("yaml key must not be blank");
            }
            yaml.put(key, Objects.requireNonNull(value, () -> "value of yaml setting " + key));
            return this;
        }

        /**
         * Adds an option to each node's JVM command line.
         *
         * @param option the option
         * @return this builder
         */
        public Builder jvmOption(String option) {
            if (option == null || option.isBlank()) {
                throw new IllegalArgumentException("JVM option must not be blank");
            }
            jvmOptions.add(option);
            return this;
        }

        /**
         * How long each node may take to accept CQL (default 3 minutes).
         *
         * @param timeout how long to wait
         * @return this builder
         */
        public Builder startupTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Java installation that runs the nodes (default: the current one). Cassandra 5.0 needs 11 or 17.
         *
         * @param javaHome java installation that runs the nodes
         * @return this builder
         */
        public Builder javaHome(Path javaHome) {
            this.javaHome = Objects.requireNonNull(javaHome, "javaHome");
            return this;
        }

        /** {@return an embedded Cassandra with these settings, not yet started} */
        public EmbeddedCassandra build() {
            if (nativePort != 0 && nativePort == storagePort) {
                throw new IllegalArgumentException("nativePort and storagePort must differ, both were " + nativePort);
            }
            return new EmbeddedCassandra(this);
        }

        private static int checkPort(String name, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + port);
            }
            return port;
        }
    }
}
