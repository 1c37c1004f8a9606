package io.github.asynccassandra.bulk.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What Ctrl-C or SIGTERM does to a running operation, when the tool runs as a program: it says what it leaves
 * (a checkpoint to go on from) or removes what could not be resumed (a partial export without a checkpoint), and
 * the process exits with {@link BulkCommand#EXIT_INTERRUPTED}. A JVM shutdown hook, removed when the operation
 * returns, so a normal exit is untouched; not registered when the command runs inside another program (tests).
 */
final class Interruption {

    private static volatile boolean enabled;
    private static volatile @Nullable Thread hook;

    private Interruption() {
    }

    /** The tool runs as a program: an operation may register what a signal does. */
    static void enable() {
        enabled = true;
    }

    /** The operation has returned: a signal now does nothing of ours. */
    static void finished() {
        Thread registered = hook;
        hook = null;
        if (registered != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(registered);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running.
            }
        }
    }

    /** An export to a file: its partial output goes unless a checkpoint keeps it for a resume. */
    static void cleanUpExportOnSignal(Path file, @Nullable Path checkpoint, CommandSpec spec) {
        register(spec, () -> {
            Path output = file.toAbsolutePath().normalize();
            Path inProgress = output.resolveSibling(output.getFileName() + ".inprogress");
            if (checkpoint != null) {
                return "Interrupted: the checkpoint " + checkpoint + " and " + inProgress + " are kept; run the "
                        + "same command again to go on";
            }
            try {
                Files.deleteIfExists(inProgress);
                Path directory = output.getParent();
                if (directory != null) {
                    try (DirectoryStream<Path> parts = Files.newDirectoryStream(directory,
                            entry -> entry.getFileName().toString().startsWith(output.getFileName() + ".range-"))) {
                        for (Path part : parts) {
                            Files.deleteIfExists(part);
                        }
                    }
                }
                return "Interrupted: the partial export was removed (give --checkpoint to be able to go on)";
            } catch (IOException e) {
                return "Interrupted: could not remove the partial export " + inProgress + ": " + e.getMessage();
            }
        });
    }

    /**
     * An export to standard output: the ranges being read wait in temporary files, named
     * {@code async-cassandra-export-<pid>-…} by the bulk module, which go.
     */
    static void cleanUpStreamExportOnSignal(CommandSpec spec) {
        register(spec, () -> {
            String prefix = "async-cassandra-export-" + ProcessHandle.current().pid() + "-";
            try (DirectoryStream<Path> parts = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
                    entry -> entry.getFileName().toString().startsWith(prefix))) {
                for (Path part : parts) {
                    Files.deleteIfExists(part);
                }
                return "Interrupted: the export to standard output is incomplete";
            } catch (IOException e) {
                return "Interrupted: could not remove the export's temporary files: " + e.getMessage();
            }
        });
    }

    /** A count or a load: nothing to remove; a load's checkpoint, if any, is named. */
    static void reportOnSignal(@Nullable Path checkpoint, CommandSpec spec) {
        register(spec, () -> checkpoint != null ? "Interrupted: the checkpoint " + checkpoint + " is kept; run the "
                + "same command again to go on" : "Interrupted");
    }

    private static void register(CommandSpec spec, Supplier<String> onSignal) {
        if (!enabled) {
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        Thread registered = new Thread(() -> {
            String message;
            try {
                message = onSignal.get();
            } catch (RuntimeException e) {
                message = "Interrupted (" + e + ")";
            }
            err.println(message);
            err.flush();
            Runtime.getRuntime().halt(BulkCommand.EXIT_INTERRUPTED);
        }, "async-cassandra-bulk-interrupted");
        hook = registered;
        Runtime.getRuntime().addShutdownHook(registered);
    }
}
