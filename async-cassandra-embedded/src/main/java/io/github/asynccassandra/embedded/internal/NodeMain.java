package io.github.asynccassandra.embedded.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of a forked Cassandra JVM. It runs the real main class given as the first argument,
 * and ties the node's life to the JVM that started it: the parent holds this process's standard
 * input open, so end-of-file means the parent is gone (even when it was killed and ran no shutdown
 * hook), and the node then exits instead of living on as an orphan.
 *
 * <p>Self-contained on purpose: this class is copied alone onto the node's classpath, next to
 * Cassandra's jars, and must depend on nothing but the JDK.
 */
public final class NodeMain {

    private static final long GRACEFUL_EXIT_MILLIS = 10_000;

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
        try (InputStream in = System.in) {
            byte[] buffer = new byte[256];
            while (in.read(buffer) >= 0) {
                // The parent never writes; reading only waits for end-of-file.
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
}
