package io.github.asynccassandra.bulk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command-line tool against a real node: its output, files and exit codes. */
@EmbeddedCassandraTest
class BulkCommandIT {

    static final int ROWS = 1500;
    static AsyncCluster cluster;
    static AsyncCassandraSession session;
    static String port;

    @TempDir
    Path files;

    @BeforeAll
    static void fill(EmbeddedCassandra cassandra) {
        port = Integer.toString(cassandra.nativePort());
        cluster = AsyncCluster.builder().contactPoints("127.0.0.1:" + cassandra.nativePort())
                .localDatacenter(cassandra.localDatacenter()).option("basic.request.timeout", Duration.ofSeconds(20))
                .ddlTimeout(Duration.ofSeconds(60)).build();
        session = cluster.connect().join();
        session.execute("CREATE KEYSPACE IF NOT EXISTS bulkcli WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}").join();
        for (String table : List.of("items", "copy", "rejecting")) {
            session.execute("CREATE TABLE IF NOT EXISTS bulkcli." + table + " (k int PRIMARY KEY, v text)").join();
        }
        for (int k = 0; k < ROWS; k++) {
            session.execute("INSERT INTO bulkcli.items (k, v) VALUES (?, ?)", k, "value, " + k).join();
        }
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @Test
    void countsExportsAndLoadsWithExitCodeZero() throws IOException {
        Run count = run("count", "--port", port, "-k", "bulkcli", "-t", "items");
        assertThat(count.exit).as(count.err).isZero();
        assertThat(count.out.strip()).isEqualTo(Integer.toString(ROWS));
        assertThat(count.err).as("progress lines, not a terminal").contains("count: 100%").contains("done");

        Path file = files.resolve("items.csv.gz");
        Run export = run("unload", "--port", port, "-k", "bulkcli", "-t", "items", "-f", file.toString(),
                "--parallelism", "8", "--checkpoint", files.resolve("items.ckpt").toString());
        assertThat(export.exit).as(export.err).isZero();
        assertThat(export.err).contains("Exported 1,500 rows");
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(new String(in.readAllBytes())).startsWith("k,v\n");
        }

        Run load = run("load", "--port", port, "-k", "bulkcli", "-t", "copy", "-f", file.toString());
        assertThat(load.exit).as(load.err).isZero();
        assertThat(load.err).contains("Loaded 1,500 of 1,500 records");
        assertThat(session.execute("SELECT count(*) FROM bulkcli.copy").join().one().getLong(0)).isEqualTo(ROWS);
    }

    @Test
    void aLoadThatRejectsRecordsExitsWithThree() throws IOException {
        Path file = files.resolve("bad.ndjson");
        Files.writeString(file, "{\"k\": 1, \"v\": \"ok\"}\n{\"k\": \"one\"}\n");
        Run load = run("load", "--port", port, "-k", "bulkcli", "-t", "rejecting", "-f", file.toString());
        assertThat(load.exit).as(load.err).isEqualTo(BulkCommand.EXIT_REJECTS);
        assertThat(load.err).contains("Loaded 1 of 2 records").contains("Rejected 1 records: see " + file
                + ".rejects.ndjson");
    }

    @Test
    void aFailedOperationExitsWithOneAndSaysWhyBadUsageWithTwo() {
        Run failed = run("count", "--port", port, "-k", "bulkcli", "-t", "nope");
        assertThat(failed.exit).isEqualTo(BulkCommand.EXIT_FAILED);
        assertThat(failed.err).contains("Failed: No table 'nope' in keyspace 'bulkcli'").doesNotContain("\tat ");

        Run usage = run("count", "-t", "items");
        assertThat(usage.exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(usage.err).contains("Missing required option: '--keyspace=<keyspace>'");

        Run consistency = run("count", "-k", "bulkcli", "-t", "items", "--consistency", "MOST");
        assertThat(consistency.exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(consistency.err).contains("no level 'MOST'");

        Run help = run("--help");
        assertThat(help.exit).isZero();
        assertThat(help.out).contains("Examples:").contains("export -k shop -t orders").contains("Exit codes");
    }

    @Test
    void theExecutableJarRuns() throws Exception {
        File[] jars = Path.of("target").toFile().listFiles((dir, name) -> name.matches(
                "async-cassandra-bulk-cli-[^-]+(-SNAPSHOT)?\\.jar"));
        assertThat(jars).as("the executable jar, built by package").hasSize(1);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = files.resolve("jar.out");
        Process process = new ProcessBuilder(List.of(java, "-jar", jars[0].getAbsolutePath(), "count", "--port", port,
                "-k", "bulkcli", "-t", "items", "--no-progress")).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(output)).isZero();
        assertThat(Files.readString(output).strip()).isEqualTo(Integer.toString(ROWS));
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = BulkCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        List<String> arguments = new ArrayList<>(List.of(args));
        int exit = commandLine.execute(arguments.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private record Run(int exit, String out, String err) {
    }
}
