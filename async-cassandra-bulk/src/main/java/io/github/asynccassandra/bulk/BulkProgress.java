package io.github.asynccassandra.bulk;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where a bulk operation is: handed to {@link BulkOptions#progressListener()} after every finished
 * sub-range (export, scan-based operations) or every few thousand records (load), and once at the end.
 *
 * @param operation {@code count}, {@code export} or {@code load}
 * @param rangesDone sub-ranges finished, those a checkpoint had already finished included; 0 for a load
 * @param rangesTotal sub-ranges in the plan; 0 for a load
 * @param rows rows read (count, export) or records read (load) so far in this run
 * @param rowsPerSecond average rate of this run so far
 * @param fractionDone 0 to 1: ranges done out of all (count, export), bytes read out of the file's size
 *     (load from a file); -1 when unknown (load from a stream)
 * @param eta time left at the rate so far, or {@code null} when it cannot be told yet
 * @param finished whether this is the last report of the operation
 */
public record BulkProgress(String operation, int rangesDone, int rangesTotal, long rows, double rowsPerSecond,
        double fractionDone, @Nullable Duration eta, boolean finished) {
}
