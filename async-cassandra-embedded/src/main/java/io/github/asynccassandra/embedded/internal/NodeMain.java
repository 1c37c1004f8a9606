package io.github.asynccassandra.embedded.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Entry point of a forked Cassandra JVM. It runs the real main class given as the first argument,
 * and ties the node's life to the JVM that started it: the parent holds this process's standard
 * input open, so end-of-file means the parent is gone (even when it was killed and ran no shutdown
 * hook), and the node then exits instead of living on as an orphan.
 *
 * <p>The same pipe carries commands from the parent, one per line, for what Cassandra offers only
 * through JMX: {@value #DECOMMISSION} makes the node leave the ring, and it prints
 * {@value #DECOMMISSIONED} (or {@value #COMMAND_FAILED} and the error) to its log when done.
 *
 * <p>Self-contained on purpose: this class is copied alone onto the node's classpath, next to
 * Cassandra's jars, and must depend on nothing but the JDK.
 */
public final class NodeMain {

    private static final long GRACEFUL_EXIT_MILLIS = 10_000;
    /** Command: leave the ring, streaming this node's data to the others. */
    public static final String DECOMMISSION = "decommission";
    /** Printed once a decommission has finished. */
    public static final String DECOMMISSIONED = "embedded-cassandra: decommissioned";
    /** Printed when a command failed, followed by the error. */
    public static final String COMMAND_FAILED = "embedded-cassandra: command failed: ";

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: NodeMain <main class> [args...]");
        }
        Thread watchdog = new Thread(NodeMain::exitWhenParentIsGone, "embedded-cassandra-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void exitWhenParentIsGone() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.strip();
                if (!command.isEmpty()) {
                    Thread worker = new Thread(() -> run(command), "embedded-cassandra-command");
                    worker.setDaemon(true);
                    worker.start();
                }
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone, the same as end-of-file.
        }
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(GRACEFUL_EXIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(1);
        }, "embedded-cassandra-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(0);
    }

    private static void run(String command) {
        try {
            if (!DECOMMISSION.equals(command)) {
                throw new IllegalArgumentException("unknown command '" + command + "'");
            }
            Class<?> storageService = Class.forName("org.apache.cassandra.service.StorageService");
            Object instance = storageService.getField("instance").get(null);
            // force = true: leave even when that takes the cluster below a keyspace's replication factor.
            storageService.getMethod("decommission", boolean.class).invoke(instance, true);
            System.out.println(DECOMMISSIONED);
        } catch (InvocationTargetException e) {
            System.out.println(COMMAND_FAILED + e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.out.println(COMMAND_FAILED + e);
        }
        System.out.flush();
    }
}
