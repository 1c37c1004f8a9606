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
import java.util.concurrent.CompletableFuture;
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
        for (String table : List.of("items", "copy", "rejecting", "wide")) {
            session.execute("CREATE TABLE IF NOT EXISTS bulkcli." + table + " (k int PRIMARY KEY, v text)").join();
        }
        for (int k = 0; k < ROWS; k++) {
            session.execute("INSERT INTO bulkcli.items (k, v) VALUES (?, ?)", k, "value, " + k).join();
        }
        // About 1 MB: far more than a pipe holds, so an export into a closed pipe has writes left to fail.
        List<CompletableFuture<?>> wide = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            wide.add(session.execute("INSERT INTO bulkcli.wide (k, v) VALUES (?, ?)", k, "w".repeat(1000)));
        }
        CompletableFuture.allOf(wide.toArray(CompletableFuture[]::new)).join();
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
    void aLoadThatRejectsRecordsExitsWithOne() throws IOException {
        Path file = files.resolve("bad.ndjson");
        Files.writeString(file, "{\"k\": 1, \"v\": \"ok\"}\n{\"k\": \"one\"}\n");
        Run load = run("load", "--port", port, "-k", "bulkcli", "-t", "rejecting", "-f", file.toString());
        assertThat(load.exit).as(load.err).isEqualTo(BulkCommand.EXIT_REJECTS).isEqualTo(1);
        assertThat(load.err).contains("Loaded 1 of 2 records").contains("Rejected 1 records: see " + file
                + ".rejects.ndjson");
    }

    @Test
    void aFailedOperationAndBadUsageExitWithThreeAndSayWhy() {
        Run failed = run("count", "--port", port, "-k", "bulkcli", "-t", "nope");
        assertThat(failed.exit).isEqualTo(BulkCommand.EXIT_FATAL).isEqualTo(3);
        assertThat(failed.err).contains("Failed: No table 'nope' in keyspace 'bulkcli'").doesNotContain("\tat ");

        Run usage = run("count", "-t", "items");
        assertThat(usage.exit).isEqualTo(BulkCommand.EXIT_FATAL);
        assertThat(usage.err).contains("Missing required option: '--keyspace=<keyspace>'");

        Run consistency = run("count", "-k", "bulkcli", "-t", "items", "--consistency", "MOST");
        assertThat(consistency.exit).isEqualTo(BulkCommand.EXIT_FATAL);
        assertThat(consistency.err).contains("no level 'MOST'");

        Run help = run("--help");
        assertThat(help.exit).isZero();
        assertThat(help.out).contains("Examples:").contains("export -k shop -t orders").contains("Exit codes")
                .contains("4   interrupted").contains("5   crashed");
    }

    /** {@code export -f - | head -c 100}: the closed pipe fails the export, it does not look finished. */
    @Test
    void anExportIntoAClosedPipeFailsAndSaysSo() throws Exception {
        Path err = files.resolve("pipe.err");
        Process export = new ProcessBuilder(jarCommand("export", "--port", port, "-k", "bulkcli", "-t", "wide", "-f",
                "-", "--no-progress")).redirectError(err.toFile()).start();
        byte[] head = export.getInputStream().readNBytes(100);
        export.getInputStream().close();
        assertThat(head).hasSize(100);
        assertThat(export.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(export.exitValue()).as(Files.readString(err)).isEqualTo(BulkCommand.EXIT_FATAL);
        assertThat(Files.readString(err)).contains("Failed:").containsIgnoringCase("pipe").doesNotContain("Exported");
    }

    /** SIGTERM (what Ctrl-C and a scheduler's stop send) mid-export: exit 4, and no partial file left. */
    @Test
    void anInterruptedExportExitsWithFourAndLeavesNoPartialFile() throws Exception {
        Path file = files.resolve("interrupted.csv");
        Path inProgress = files.resolve("interrupted.csv.inprogress");
        Path err = files.resolve("interrupted.err");
        Process export = new ProcessBuilder(jarCommand("export", "--port", port, "-k", "bulkcli", "-t", "items", "-f",
                file.toString(), "-p", "1", "--splits", "1500", "--page-size", "1")).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        terminateOnceExporting(export, err, () -> Files.exists(inProgress));
        assertThat(Files.readString(err)).contains("Interrupted: the partial export was removed");
        assertThat(inProgress).doesNotExist();
        assertThat(file).doesNotExist();
        try (var left = Files.list(files)) {
            assertThat(left.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.contains(".range-"));
        }
    }

    /** SIGTERM mid-export to standard output: exit 4, and none of the ranges' temporary files left. */
    @Test
    void anInterruptedExportToStandardOutputLeavesNoTemporaryFile() throws Exception {
        Path err = files.resolve("stdout-interrupted.err");
        Path out = files.resolve("stdout-interrupted.csv");
        Process export = new ProcessBuilder(jarCommand("export", "--port", port, "-k", "bulkcli", "-t", "items", "-f",
                "-", "-p", "2", "--splits", "1500", "--page-size", "1")).redirectError(err.toFile())
                .redirectOutput(out.toFile()).start();
        String prefix = "async-cassandra-export-" + export.pid() + "-";
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        terminateOnceExporting(export, err, () -> Files.size(out) >= 1000);
        assertThat(Files.readString(err)).contains("Interrupted: the export to standard output is incomplete");
        try (var left = Files.list(temp)) {
            assertThat(left.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.startsWith(prefix));
        }
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    /** Sends SIGTERM (what Ctrl-C and a scheduler's stop send) once the export got going: it must exit with 4. */
    private static void terminateOnceExporting(Process export, Path err, Condition going) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!going.holds() && export.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(export.isAlive()).as("still exporting: %s", Files.readString(err)).isTrue();
        export.destroy();
        assertThat(export.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(export.exitValue()).as(Files.readString(err)).isEqualTo(BulkCommand.EXIT_INTERRUPTED);
    }

    @Test
    void anEmptyPasswordVariableIsAnErrorThatSaysWhatToDo() throws Exception {
        ProcessBuilder count = new ProcessBuilder(jarCommand("count", "--port", port, "-u", "app", "-k", "bulkcli",
                "-t", "items")).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        count.environment().put(BulkCommand.PASSWORD_VARIABLE, "");
        Path output = files.resolve("password.out");
        Process process = count.redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(BulkCommand.EXIT_FATAL);
        assertThat(Files.readString(output)).contains(BulkCommand.PASSWORD_VARIABLE + " is set but empty")
                .doesNotContain("null");
    }

    private static List<String> jarCommand(String... args) {
        File[] jars = Path.of("target").toFile().listFiles((dir, name) -> name.matches(
                "async-cassandra-bulk-cli-[^-]+(-SNAPSHOT)?\\.jar"));
        assertThat(jars).as("the executable jar, built by package").hasSize(1);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jars[0].getAbsolutePath()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void theExecutableJarRuns() throws Exception {
        Path output = files.resolve("jar.out");
        Process process = new ProcessBuilder(jarCommand("count", "--port", port, "-k", "bulkcli", "-t", "items",
                "--no-progress")).redirectErrorStream(true)
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
