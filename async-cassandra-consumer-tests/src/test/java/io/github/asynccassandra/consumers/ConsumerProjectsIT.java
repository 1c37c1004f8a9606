package io.github.asynccassandra.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each consumer project (under {@code src/consumers}) is built by a Maven of its own, outside this build: it resolves
 * our published poms as a user's build would, without our parent's dependency management, from a repository that holds
 * this build's published artifacts ({@code invoker:install}) in front of the user's own local repository. Each uses a
 * real node. What they resolve is compared with the README's compatibility table, so that the table cannot drift.
 */
@EmbeddedCassandraTest
class ConsumerProjectsIT {

    private static final Path PROJECTS = Path.of(System.getProperty("consumers.projects"));
    private static final int ROWS = 100;
    private static final Pattern NETTY_JAR = Pattern.compile("BOOT-INF/lib/netty-[a-z0-9_-]+?-(\\d+\\.\\d+\\.\\d+\\.Final)"
            + "(-[a-z0-9_-]+)?\\.jar");

    @BeforeAll
    static void createTheTableTheConsumersRead(EmbeddedCassandra cassandra) {
        try (CqlSession session = cassandra.cqlSessionBuilder().build()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS consumers WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS consumers.items (id int PRIMARY KEY, name text)");
            for (int id = 0; id < ROWS; id++) {
                session.execute("INSERT INTO consumers.items (id, name) VALUES (?, ?)", id, "item " + id);
            }
        }
    }

    @Test
    void aPlainJavaApplicationWithOnlyTheCoreConnectsExecutesStreamsAndCloses(EmbeddedCassandra cassandra)
            throws Exception {
        buildWithOneNetty("plain-java", cassandra);

        Path project = PROJECTS.resolve("plain-java");
        String classPath = project.resolve("target/classes") + java.io.File.pathSeparator
                + Files.readString(project.resolve("target/classpath.txt")).strip();
        Run app = run(project.resolve("app.out"), java(), "-cp", classPath, "com.example.plain.PlainJavaApplication",
                Integer.toString(cassandra.nativePort()));
        assertThat(app.exit()).as(app.output()).isZero();
        assertThat(app.output()).contains("release_version 5.").contains("streamed " + ROWS);
    }

    @Test
    void aSpringBootWebFluxApplicationIsHealthyAndMetered(EmbeddedCassandra cassandra) throws Exception {
        buildWithOneNetty("spring-boot-webflux", cassandra);
    }

    @Test
    void aSpringDataApplicationRunsOnTheStartersOneSession(EmbeddedCassandra cassandra) throws Exception {
        buildWithOneNetty("spring-data-cassandra", cassandra);
    }

    @Test
    void theBulkToolsJarCountsATable(EmbeddedCassandra cassandra) throws Exception {
        build("bulk-cli", cassandra);
        Path jar = PROJECTS.resolve("bulk-cli/target/async-cassandra-bulk-cli.jar");

        Set<String> netty = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(entry -> NETTY_JAR.matcher(entry.getName())).filter(Matcher::matches)
                    .forEach(matcher -> netty.add(matcher.group(1)));
        }
        assertThat(netty).as("Netty versions inside the tool's jar").hasSize(1);

        Run count = run(PROJECTS.resolve("bulk-cli/count.out"), java(), "-jar", jar.toString(), "count", "--port",
                Integer.toString(cassandra.nativePort()), "-k", "consumers", "-t", "items", "--no-progress");
        assertThat(count.exit()).as(count.output()).isZero();
        assertThat(count.output().strip()).isEqualTo(Integer.toString(ROWS));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs a program as a user would, its output and errors into one file; it must end within 3 minutes. */
    private static Run run(Path output, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        boolean ended = process.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        assertThat(ended).as("%s ended: %s", command[command.length - 1], Files.readString(output)).isTrue();
        return new Run(process.exitValue(), Files.readString(output));
    }

    private record Run(int exit, String output) {
    }

    /**
     * Builds one consumer project with {@code mvn verify} (its own tests run against the node), lists what it
     * resolved for its runtime class path, and writes that class path to {@code target/classpath.txt}.
     */
    private static Resolved build(String project, EmbeddedCassandra cassandra) throws Exception {
        Path directory = PROJECTS.resolve(project);
        Path log = PROJECTS.resolve(project + ".log");
        Path listing = directory.resolve("target/resolved.txt");
        String maven = Path.of(System.getProperty("consumers.mavenHome"), "bin", "mvn").toString();
        List<String> command = new ArrayList<>(List.of(maven, "-B", "-ntp",
                "-Dmaven.repo.local=" + System.getProperty("consumers.repository"),
                // The user's own local repository behind it, read-only: what a user already has is not fetched again.
                "-Dmaven.repo.local.tail=" + System.getProperty("consumers.userRepository"),
                "-Dcassandra.port=" + cassandra.nativePort(),
                "verify",
                "org.apache.maven.plugins:maven-dependency-plugin:" + System.getProperty("consumers.dependencyPlugin")
                        + ":list",
                "org.apache.maven.plugins:maven-dependency-plugin:" + System.getProperty("consumers.dependencyPlugin")
                        + ":build-classpath",
                "-DincludeScope=runtime", "-DoutputFile=" + listing,
                "-Dmdep.outputFile=" + directory.resolve("target/classpath.txt")));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        assertThat(ended && process.exitValue() == 0).as("mvn verify of the consumer project %s (log %s):%n%s",
                project, log, tail(log)).isTrue();
        return new Resolved(Files.exists(listing) ? Files.readAllLines(listing).stream().map(String::strip)
                .filter(line -> line.matches("[\\w.-]+:[\\w.-]+:.*")).map(line -> line.split(" ")[0]).toList()
                : List.of());
    }

    /**
     * Builds a consumer project whose runtime class path must hold one Netty version, and checks that the README's
     * compatibility table names the Netty and driver versions it resolved.
     */
    private static void buildWithOneNetty(String project, EmbeddedCassandra cassandra) throws Exception {
        Resolved resolved = build(project, cassandra);
        assertThat(resolved.versions("io.netty:")).as("Netty versions on the class path of " + project + ": "
                + resolved.named("io.netty:")).hasSize(1);
        assertTableStates(resolved);
    }

    /** The README's compatibility table names each Netty and driver version a consumer resolved. */
    private static void assertTableStates(Resolved resolved) throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("consumers.readme")), StandardCharsets.UTF_8);
        int start = readme.indexOf("## Compatibility");
        assertThat(start).as("the README's compatibility section").isNotNegative();
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        assertThat(rowOf(section, "| Netty")).contains(resolved.versions("io.netty:"));
        assertThat(rowOf(section, "| Apache Cassandra Java driver"))
                .contains(resolved.versions("org.apache.cassandra:java-driver-core:"));
    }

    private static String rowOf(String section, String start) {
        return section.lines().filter(line -> line.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + start + "' in the README's compatibility table"));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Resolved artifacts, as group:artifact:type[:classifier]:version:scope. */
    private record Resolved(List<String> artifacts) {
        List<String> named(String prefix) {
            return artifacts.stream().filter(artifact -> artifact.startsWith(prefix)).toList();
        }

        Set<String> versions(String prefix) {
            Set<String> versions = new TreeSet<>();
            for (String artifact : named(prefix)) {
                String[] parts = artifact.split(":");
                versions.add(parts[parts.length - 2]);
            }
            return versions;
        }
    }
}
