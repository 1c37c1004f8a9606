package io.github.asynccassandra.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs load until the JIT compilers of the JVMs that serve it have settled, so that a benchmark's rounds
 * measure the code, not which JVM happened to be compiling: a Spring service spends about half its CPU
 * compiling for minutes after it starts, and so does the Cassandra node.
 */
final class JitSettling {

    /** Settled: each JVM spent less than this share of a cycle in its JIT compiler. */
    static final double SETTLED_COMPILE_SHARE = 0.05;

    private static final Pattern TOTAL_TIME = Pattern.compile("java\\.ci\\.totalTime=(\\d+)");
    private static final Pattern TICKS_PER_SECOND = Pattern.compile("sun\\.os\\.hrt\\.frequency=(\\d+)");

    private JitSettling() {
    }

    /** One cycle of load. */
    interface Cycle {
        void run() throws Exception;
    }

    /** Milliseconds a JVM has spent in its JIT compiler so far (elapsed time of its compiler threads). */
    interface CompileClock {
        double millis() throws Exception;
    }

    /** How settling ended: after how long, and the highest share of the last cycle a JVM spent compiling. */
    record Settled(Duration took, double compileShare) {
    }

    /**
     * Runs {@code cycle} until a cycle in which every clock advanced by less than
     * {@link #SETTLED_COMPILE_SHARE} of the cycle's time, or {@code max} has passed.
     */
    static Settled settle(String what, Cycle cycle, List<CompileClock> clocks, Duration max, Consumer<String> log)
            throws Exception {
        long started = System.nanoTime();
        double[] before = readAll(clocks);
        while (true) {
            long cycleStart = System.nanoTime();
            cycle.run();
            double cycleMillis = (System.nanoTime() - cycleStart) / 1e6;
            double[] now = readAll(clocks);
            double share = 0;
            for (int i = 0; i < now.length; i++) {
                share = Math.max(share, (now[i] - before[i]) / cycleMillis);
            }
            before = now;
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            log.accept(String.format("settling %s: at most %.1f%% of the last cycle compiling, after %d s", what,
                    share * 100, took.toSeconds()));
            if (share < SETTLED_COMPILE_SHARE || took.compareTo(max) >= 0) {
                return new Settled(took, share);
            }
        }
    }

    /** The compiler time of this JVM. */
    static CompileClock ownJvm() {
        return () -> ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** The compiler time of the JVM {@code pid}, from its performance counters ({@code jcmd PerfCounter.print}). */
    static CompileClock jvm(long pid) {
        return () -> {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "PerfCounter.print").redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor();
            Matcher ticks = TOTAL_TIME.matcher(output);
            Matcher perSecond = TICKS_PER_SECOND.matcher(output);
            if (!ticks.find() || !perSecond.find()) {
                throw new IllegalStateException("No JIT compiler time from jcmd " + pid + ": " + output);
            }
            return Double.parseDouble(ticks.group(1)) * 1000 / Double.parseDouble(perSecond.group(1));
        };
    }

    private static double[] readAll(List<CompileClock> clocks) throws Exception {
        double[] millis = new double[clocks.size()];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = clocks.get(i).millis();
        }
        return millis;
    }
}
