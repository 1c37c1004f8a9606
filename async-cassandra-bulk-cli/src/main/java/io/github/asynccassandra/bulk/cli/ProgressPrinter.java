package io.github.asynccassandra.bulk.cli;

import io.github.asynccassandra.bulk.BulkProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Shows progress on standard error: a bar redrawn in place on a terminal, a plain line at most every
 * five seconds otherwise (a log, a pipe).
 */
final class ProgressPrinter implements Consumer<BulkProgress> {

    private static final int WIDTH = 30;
    private static final long LINE_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private long lastLine = System.nanoTime();

    ProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void accept(BulkProgress progress) {
        String status = status(progress);
        if (terminal) {
            double done = Math.max(0, progress.fractionDone());
            int filled = (int) Math.round(done * WIDTH);
            out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + status + "   ");
            if (progress.finished()) {
                out.println();
            }
            out.flush();
        } else if (progress.finished() || System.nanoTime() - lastLine >= LINE_EVERY_NANOS) {
            lastLine = System.nanoTime();
            out.println(progress.operation() + ": " + status);
            out.flush();
        }
    }

    /** {@code 45% 12/64 ranges, 12,345 rows, 5,678 rows/s, 12 s left}. */
    static String status(BulkProgress progress) {
        StringBuilder status = new StringBuilder();
        if (progress.fractionDone() >= 0) {
            status.append(Math.round(progress.fractionDone() * 100)).append("% ");
        }
        if (progress.rangesTotal() > 0) {
            status.append(progress.rangesDone()).append('/').append(progress.rangesTotal()).append(" ranges, ");
        }
        status.append(String.format("%,d rows, %,d rows/s", progress.rows(), Math.round(progress.rowsPerSecond())));
        if (progress.finished()) {
            status.append(", done");
        } else if (progress.eta() != null) {
            status.append(", ").append(duration(progress.eta())).append(" left");
        }
        return status.toString();
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? String.format("%.1f s", duration.toMillis() / 1000.0)
                : String.format("%d min %02d s", seconds / 60, seconds % 60);
    }
}
