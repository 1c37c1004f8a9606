package io.github.asynccassandra.embedded.internal;

import io.github.asynccassandra.embedded.EmbeddedCassandraException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Cassandra node: a forked JVM with its own classpath, configuration and data directory.
 * Not thread-safe; {@code EmbeddedCassandra} serialises access.
 */
public final class NodeProcess {

    public static final String CASSANDRA_MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";
    private static final long GRACEFUL_STOP_SECONDS = 20;

    private final int index;
    private final InetAddress address;
    private final Path directory;
    private final Path argumentFile;
    private final Path javaExecutable;
    private Process process;
    private boolean paused;

    public NodeProcess(int index, InetAddress address, Path directory, Path argumentFile, Path javaExecutable) {
        this.index = index;
        this.address = address;
        this.directory = directory;
        this.argumentFile = argumentFile;
        this.javaExecutable = javaExecutable;
    }

    public int index() {
        return index;
    }

    public InetAddress address() {
        return address;
    }

    public Path directory() {
        return directory;
    }

    public Path logFile() {
        return directory.resolve("logs").resolve("output.log");
    }

    /** Forks the node's JVM. Its output goes to {@link #logFile()}, appended across restarts. */
    public void launch() {
        List<String> command = List.of(javaExecutable.toString(), "@" + argumentFile,
                NodeMain.class.getName(), CASSANDRA_MAIN_CLASS);
        try {
            Files.createDirectories(logFile().getParent());
            // Standard input stays a pipe held by this JVM: NodeMain exits when it closes.
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            paused = false;
        } catch (IOException e) {
            throw new EmbeddedCassandraException("Cannot start the JVM of node " + index + " (" + command + ")", e);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public boolean isPaused() {
        return paused && isAlive();
    }

    /** The operating system's id of the node's JVM, or -1 when it is not running. */
    public long pid() {
        return isAlive() ? process.pid() : -1;
    }

    /** Exit code of the node's JVM once it has ended. */
    public int exitCode() {
        return process.exitValue();
    }

    /** Freezes the JVM (SIGSTOP): it keeps its sockets but answers nothing, like a hung node. */
    public void pause() {
        requireAlive("pause");
        signal("STOP");
        paused = true;
    }

    /** Thaws a frozen JVM (SIGCONT). */
    public void resume() {
        requireAlive("resume");
        signal("CONT");
        paused = false;
    }

    /** Kills the JVM at once (SIGKILL), like a crashed machine, and waits for it to be gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(GRACEFUL_STOP_SECONDS);
        paused = false;
    }

    /** Asks the node to shut down (SIGTERM), then kills it if it has not ended in time. */
    public void stop() {
        if (!isAlive()) {
            return;
        }
        if (paused) {
            signal("CONT");
            paused = false;
        }
        process.destroy();
        if (!awaitExit(GRACEFUL_STOP_SECONDS)) {
            kill();
        }
    }

    /** Sends SIGTERM without waiting, so that several nodes can shut down side by side. */
    public void requestStop() {
        if (isAlive()) {
            if (paused) {
                signal("CONT");
                paused = false;
            }
            process.destroy();
        }
    }

    private boolean awaitExit(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private void requireAlive(String action) {
        if (!isAlive()) {
            throw new EmbeddedCassandraException("Cannot " + action + " node " + index + ": it is not running");
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new EmbeddedCassandraException("kill -" + signal + " " + process.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new EmbeddedCassandraException("Cannot send SIG" + signal + " to node " + index
                    + " (this needs the 'kill' command of a Unix-like system)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedCassandraException("Interrupted while sending SIG" + signal + " to node " + index, e);
        }
    }

    /**
     * Makes the node leave the ring ({@code nodetool decommission}, sent through the node's standard
     * input) and waits until it has, or {@code timeout} has passed. The JVM keeps running, out of the ring.
     */
    public void decommission(java.time.Duration timeout) {
        requireAlive("decommission");
        long linesBefore = logTail(Integer.MAX_VALUE).size();
        try {
            process.getOutputStream().write((NodeMain.DECOMMISSION + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new EmbeddedCassandraException("Cannot send the decommission command to node " + index, e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> all = logTail(Integer.MAX_VALUE);
            for (String line : all.subList((int) Math.min(linesBefore, all.size()), all.size())) {
                if (line.contains(NodeMain.DECOMMISSIONED)) {
                    return;
                }
                if (line.contains(NodeMain.COMMAND_FAILED)) {
                    throw new EmbeddedCassandraException("Node " + index + " could not decommission: " + line);
                }
            }
            if (!isAlive()) {
                throw new EmbeddedCassandraException("Node " + index + " exited while decommissioning");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedCassandraException("Interrupted while node " + index + " decommissioned", e);
            }
        }
        throw new EmbeddedCassandraException("Node " + index + " did not decommission within " + timeout
                + ". Log: " + logFile());
    }

    /** The last {@code lines} lines of the node's output. */
    public List<String> logTail(int lines) {
        if (!Files.isRegularFile(logFile())) {
            return List.of();
        }
        try {
            // Decoded leniently: a log cut mid-character must still be readable.
            List<String> all = new String(Files.readAllBytes(logFile()), StandardCharsets.UTF_8).lines().toList();
            return Collections.unmodifiableList(new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
