package io.github.asynccassandra.bulk;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a load did. Every record read was either written or rejected: {@code read == written + rejected}
 * (records a resumed load skipped are in {@code skipped}, not in {@code read}).
 *
 * @param read records read in this run
 * @param written records written to the table
 * @param rejected records set aside in {@code rejectsFile}, each with its line number and the reason
 * @param skipped records before the checkpoint's mark, which an earlier run had written
 * @param rejectsFile where the rejected records are, or {@code null} when none was rejected
 * @param elapsed time this run took
 */
public record LoadResult(long read, long written, long rejected, long skipped, @Nullable Path rejectsFile,
        Duration elapsed) {
}
