package io.github.asynccassandra.bulk.cli;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.bulk.BulkOperations;
import io.github.asynccassandra.bulk.BulkOptions;
import io.github.asynccassandra.bulk.DataFormat;
import io.github.asynccassandra.bulk.ExportResult;
import io.github.asynccassandra.bulk.LoadResult;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code async-cassandra-bulk}: count, export (unload) and load whole tables by token range. Exit codes as
 * DSBulk's, so that scripts written for it understand them: 0 done, 1 done with rejected records, 2 stopped at
 * the error limit (reserved), 3 fatal (bad arguments, cannot connect, no such keyspace or table, a file that
 * cannot be read or written, a failed range), 4 interrupted (Ctrl-C or SIGTERM), 5 crashed (an unexpected error).
 */
@Command(name = "async-cassandra-bulk", mixinStandardHelpOptions = true, versionProvider = BulkCommand.Version.class,
        description = "Counts, exports and loads whole Cassandra tables by token range, in parallel, each range "
                + "read from a replica that owns it.",
        subcommands = {BulkCommand.Count.class, BulkCommand.Export.class, BulkCommand.Load.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n", footer = {
            "  async-cassandra-bulk count -k shop -t orders",
            "  async-cassandra-bulk export -k shop -t orders -f orders.csv.gz --checkpoint orders.ckpt",
            "  async-cassandra-bulk load -k shop -t orders_copy -f orders.csv.gz --consistency LOCAL_QUORUM",
            "  ASYNC_CASSANDRA_PASSWORD=... async-cassandra-bulk count --host 10.0.0.5 -u app -k shop -t orders"},
        exitCodeOnInvalidInput = BulkCommand.EXIT_FATAL, exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:done, but a load rejected records (see its rejects file)",
            "2:stopped at the error limit (reserved)",
            "3:fatal: bad arguments, cannot connect, no such keyspace or table, a file that cannot be read or "
                    + "written (a closed pipe, a full disk), a range that failed",
            "4:interrupted (Ctrl-C, SIGTERM); a checkpoint, if given, is kept: run again with it",
            "5:crashed: an unexpected error (--verbose prints its stack trace)"})
public final class BulkCommand {

    /** Done, but the load set records aside in its rejects file. */
    static final int EXIT_REJECTS = 1;
    /** Bad arguments, or the operation failed for a reason it names. */
    static final int EXIT_FATAL = 3;
    /** Stopped by a signal (Ctrl-C, SIGTERM). */
    static final int EXIT_INTERRUPTED = 4;
    /** An unexpected error. */
    static final int EXIT_CRASHED = 5;
    /** Environment variable read for the password. */
    static final String PASSWORD_VARIABLE = "ASYNC_CASSANDRA_PASSWORD";

    private BulkCommand() {
    }

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Interruption.enable();
        int exitCode = commandLine().execute(args);
        Interruption.finished();
        System.exit(exitCode);
    }

    /**
     * The command line, with its error handling: a failed operation prints its reason on one line (and, with
     * {@code --verbose}, its stack trace); an error it could not name is a crash.
     */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BulkCommand());
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec()
                .exitCodeOnInvalidInput(EXIT_FATAL));
        commandLine.setExecutionExceptionHandler((error, line, parseResult) -> {
            Throwable cause = error;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            boolean expected = cause instanceof RuntimeException && !(cause instanceof NullPointerException
                    || cause instanceof ClassCastException || cause instanceof IndexOutOfBoundsException
                    || cause instanceof UnsupportedOperationException);
            String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
            line.getErr().println(line.getColorScheme().errorText(expected ? "Failed: " + message
                    : "Crashed: " + cause + (verbose(parseResult) ? "" : " (--verbose prints the stack trace)")));
            if (verbose(parseResult)) {
                cause.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return expected ? EXIT_FATAL : EXIT_CRASHED;
        });
        return commandLine;
    }

    private static boolean verbose(CommandLine.ParseResult parseResult) {
        return parseResult.asCommandLineList().stream().anyMatch(line -> line.getParseResult() != null
                && line.getParseResult().hasMatchedOption("--verbose"));
    }

    /** How to reach the cluster. */
    static final class Connection {
        @Option(names = "--host", split = ",", defaultValue = "127.0.0.1",
                description = "Contact points, host or host:port, comma-separated (default: ${DEFAULT-VALUE}).")
        List<String> hosts;

        @Option(names = "--port", defaultValue = "9042", description = "Native port of hosts given without one "
                + "(default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = {"--datacenter", "--dc"}, description = "Local datacenter (default: the contact points').")
        @Nullable String datacenter;

        @Option(names = {"-u", "--username"}, description = "User name; the password comes from the "
                + PASSWORD_VARIABLE + " environment variable, else from a prompt (never from an argument).")
        @Nullable String username;

        @Option(names = "--request-timeout", defaultValue = "PT30S", description = "Timeout of one request, "
                + "ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration requestTimeout;

        AsyncCluster cluster(CommandSpec spec) {
            AsyncCluster.Builder builder = AsyncCluster.builder().contactPoints(hosts).port(port)
                    .option("basic.request.timeout", requestTimeout);
            if (datacenter != null) {
                builder.localDatacenter(datacenter);
            }
            if (username != null) {
                builder.credentials(username, password(spec));
            }
            return builder.build();
        }

        private String password(CommandSpec spec) {
            String fromEnvironment = System.getenv(PASSWORD_VARIABLE);
            if (fromEnvironment != null) {
                if (fromEnvironment.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), PASSWORD_VARIABLE + " is set but empty: set "
                            + "it to the password of " + username + ", or unset it to be asked on a terminal");
                }
                return fromEnvironment;
            }
            String noPassword = "--username needs a password: set " + PASSWORD_VARIABLE
                    + ", or run on a terminal to be asked for it";
            if (System.console() == null) {
                throw new ParameterException(spec.commandLine(), noPassword);
            }
            char[] typed = System.console().readPassword("Password for %s: ", username);
            if (typed == null) {
                throw new ParameterException(spec.commandLine(), noPassword + " (the input ended before a "
                        + "password was typed)");
            }
            return new String(typed);
        }
    }

    /** The table and how to work on it. */
    static final class Work {
        @Option(names = {"-k", "--keyspace"}, required = true, description = "Keyspace.")
        String keyspace;

        @Option(names = {"-t", "--table"}, required = true, description = "Table.")
        String table;

        @Option(names = {"-p", "--parallelism"}, defaultValue = "" + BulkOptions.DEFAULT_PARALLELISM,
                description = "Requests in flight (default: ${DEFAULT-VALUE}).")
        int parallelism;

        @Option(names = "--splits", defaultValue = "0", description = "Sub-ranges to split the ring into "
                + "(default: " + BulkOptions.DEFAULT_SPLITS_PER_RANGE + " per range of the ring).")
        int splits;

        @Option(names = "--page-size", defaultValue = "0", description = "Rows per page (default: the driver's).")
        int pageSize;

        @Option(names = {"-c", "--consistency"}, description = "Consistency level (default: LOCAL_ONE for "
                + "reads, LOCAL_QUORUM for writes).")
        @Nullable String consistency;

        @Option(names = "--checkpoint", description = "Checkpoint file: run again with it to do only what is "
                + "left.")
        @Nullable Path checkpoint;

        @Option(names = "--no-progress", description = "Print no progress.")
        boolean noProgress;

        @Option(names = "--verbose", description = "On a failure, print its stack trace too.")
        boolean verbose;

        BulkOptions.Builder options(CommandSpec spec) {
            try {
                return BulkOptions.builder().parallelism(parallelism).splits(splits).pageSize(pageSize)
                        .consistency(consistency == null ? null : consistency(consistency)).checkpoint(checkpoint)
                        .progressLogInterval(Duration.ZERO)
                        .progressListener(noProgress ? null : new ProgressPrinter(spec.commandLine().getErr(),
                                System.console() != null));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        private static ConsistencyLevel consistency(String name) {
            try {
                return DefaultConsistencyLevel.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--consistency: no level '" + name + "'; one of "
                        + List.of(DefaultConsistencyLevel.values()));
            }
        }
    }

    /** A file, its format and compression. */
    static final class Data {
        @Option(names = {"-f", "--file"}, required = true, description = "The file ('-': standard output for an "
                + "export, standard input for a load).")
        String file;

        @Option(names = "--format", description = "csv or ndjson (default: from the file name, else csv).")
        @Nullable String format;

        @Option(names = "--overwrite", description = "Replace an existing export file, or a load's existing "
                + "rejects file (default: refuse, before writing anything).")
        boolean overwrite;

        DataFormat format(CommandSpec spec) {
            String name = format != null ? format : file.replaceFirst("\\.gz$", "").matches(".*\\.(ndjson|jsonl)$")
                    ? "ndjson" : "csv";
            try {
                return DataFormat.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--format must be csv or ndjson, was '" + name + "'");
            }
        }

        boolean isStandardStream() {
            return file.equals("-");
        }
    }

    @Command(name = "count", mixinStandardHelpOptions = true, description = "Counts the rows of a table exactly.")
    static final class Count implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection = new Connection();
        @Mixin
        Work work = new Work();

        @Override
        public Integer call() {
            BulkOptions options = work.options(spec).build();
            Interruption.reportOnSignal(null, spec);
            try (AsyncCluster cluster = connection.cluster(spec)) {
                AsyncCassandraSession session = cluster.connect().join();
                long rows = BulkOperations.of(session).count(work.keyspace, work.table, options).join();
                spec.commandLine().getOut().println(rows);
                return 0;
            }
        }
    }

    @Command(name = "export", aliases = "unload", mixinStandardHelpOptions = true,
            description = "Writes a table to a CSV or NDJSON file, or to standard output.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection = new Connection();
        @Mixin
        Work work = new Work();
        @Mixin
        Data data = new Data();

        @Option(names = "--gzip", negatable = true, description = "Compress with gzip (default: when the file "
                + "name ends in .gz).")
        @Nullable Boolean gzip;

        @Option(names = "--columns", split = ",", description = "Columns to write, comma-separated (default: all).")
        @Nullable List<String> columns;

        @Option(names = "--where", description = "A CQL restriction on non-key columns, such as \"status = 'open'\".")
        @Nullable String where;

        @Option(names = "--allow-filtering", description = "Adds ALLOW FILTERING to a --where that needs it.")
        boolean allowFiltering;

        @Override
        public Integer call() {
            DataFormat format = data.format(spec);
            BulkOptions.Builder builder = work.options(spec).gzip(gzip != null ? gzip : data.file.endsWith(".gz"))
                    .where(where).allowFiltering(allowFiltering).overwrite(data.overwrite);
            if (columns != null) {
                builder.columns(columns);
            }
            BulkOptions options = builder.build();
            try (AsyncCluster cluster = connection.cluster(spec)) {
                BulkOperations bulk = BulkOperations.of(cluster.connect().join());
                ExportResult result;
                if (data.isStandardStream()) {
                    // Not System.out: a PrintStream swallows write errors, so a closed pipe or a full disk would
                    // look like a finished export.
                    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
                    Interruption.cleanUpStreamExportOnSignal(spec);
                    result = bulk.export(work.keyspace, work.table, out, format, options).join();
                    try {
                        out.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot write to standard output: " + e.getMessage(), e);
                    }
                } else {
                    Interruption.cleanUpExportOnSignal(Path.of(data.file), work.checkpoint, spec);
                    result = bulk.export(work.keyspace, work.table, Path.of(data.file), format, options).join();
                }
                spec.commandLine().getErr().printf("Exported %,d rows (%,d bytes) of %s.%s%s in %s%n",
                        result.rows(), result.bytes(), work.keyspace, work.table,
                        result.rangesResumed() > 0 ? ", " + result.rangesResumed() + " of " + result.ranges()
                                + " ranges from an earlier run" : "", ProgressPrinter.duration(result.elapsed()));
                return 0;
            }
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Upserts the records of a CSV or NDJSON file (gzip or not) into a table.")
    static final class Load implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Connection connection = new Connection();
        @Mixin
        Work work = new Work();
        @Mixin
        Data data = new Data();

        @Option(names = "--rejects", description = "Where records that cannot be written go (default: "
                + "<file>.rejects.ndjson; required with --file -).")
        @Nullable Path rejects;

        @Override
        public Integer call() {
            DataFormat format = data.format(spec);
            if (data.isStandardStream() && rejects == null) {
                throw new ParameterException(spec.commandLine(), "--rejects is required when loading from "
                        + "standard input");
            }
            BulkOptions options = work.options(spec).rejects(rejects).overwrite(data.overwrite).build();
            Interruption.reportOnSignal(work.checkpoint, spec);
            try (AsyncCluster cluster = connection.cluster(spec)) {
                BulkOperations bulk = BulkOperations.of(cluster.connect().join());
                LoadResult result = data.isStandardStream()
                        ? bulk.load(work.keyspace, work.table, System.in, format, options).join()
                        : bulk.load(work.keyspace, work.table, Path.of(data.file), format, options).join();
                PrintWriter err = spec.commandLine().getErr();
                err.printf("Loaded %,d of %,d records into %s.%s in %s%s%n", result.written(), result.read(),
                        work.keyspace, work.table, ProgressPrinter.duration(result.elapsed()),
                        result.skipped() > 0 ? " (" + result.skipped() + " done by an earlier run)" : "");
                if (result.rejected() > 0) {
                    err.printf("Rejected %,d records: see %s%n", result.rejected(), result.rejectsFile());
                    return EXIT_REJECTS;
                }
                return 0;
            }
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BulkCommand.class.getPackage().getImplementationVersion();
            return new String[] {"async-cassandra-bulk " + (version != null ? version : "(development build)")};
        }
    }
}
