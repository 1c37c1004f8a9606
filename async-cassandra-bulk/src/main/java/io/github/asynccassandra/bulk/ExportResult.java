package io.github.asynccassandra.bulk;

import java.time.Duration;

/**
 * What an export wrote.
 *
 * @param rows rows in the output, those written by an earlier run of a resumed export included
 * @param bytes bytes of the output file (of what this run wrote, for an {@code OutputStream})
 * @param ranges sub-ranges of the plan
 * @param rangesResumed sub-ranges an earlier run had finished, which this run did not read again
 * @param elapsed time this run took
 */
public record ExportResult(long rows, long bytes, int ranges, int rangesResumed, Duration elapsed) {
}
