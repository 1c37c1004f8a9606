package io.github.asynccassandra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node must not outlive its parent JVM, even when the parent is killed and runs no shutdown hook. */
class OrphanProtectionIT {

    @Test
    void nodeExitsWhenItsParentJvmIsKilled(@TempDir Path directory) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                NodeHost.class.getName(), directory.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long nodePid;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("node-pid="));
            assertThat(line).as("the parent JVM printed the node's pid").isNotNull();
            nodePid = Long.parseLong(line.substring("node-pid=".length()));
        } finally {
            parent.destroyForcibly();
            parent.waitFor(30, TimeUnit.SECONDS);
        }
        ProcessHandle node = ProcessHandle.of(nodePid).orElse(null);
        if (node != null) {
            try {
                node.onExit().get(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS);
            } finally {
                node.destroyForcibly();
            }
        }
        assertThat(ProcessHandle.of(nodePid)).isEmpty();
    }

    /** The parent: starts a node, reports its pid, and waits to be killed. */
    public static final class NodeHost {
        public static void main(String[] args) throws InterruptedException {
            EmbeddedCassandra cassandra = EmbeddedCassandra.builder().nativePort(0).storagePort(0)
                    .workingDirectory(Path.of(args[0])).build().start();
            System.out.println("node-pid=" + cassandra.pid(1));
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
