package io.github.asynccassandra.bulk.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint of a load: a log of JSON lines. The first describes the load (table, format, source);
 * each next one holds a mark: every record that starts on a line up to the mark was written or rejected.
 * Records are read in order and at most parallelism are in flight, so the mark is the line before the
 * first record still in flight. A resumed load skips the records up to the last mark and writes the rest;
 * a record after the mark may have been written before the crash and is written again, which an upsert
 * makes harmless. A line cut short by a crash is ignored.
 */
final class LoadCheckpoint implements AutoCloseable {

    /** What the load is, and what a resumed one must match. */
    record Plan(String keyspace, String table, String format, String source) {
    }

    private final CheckpointLog log;
    private final long mark;
    private long lastWritten;

    private LoadCheckpoint(CheckpointLog log, long mark) {
        this.log = log;
        this.mark = mark;
        this.lastWritten = mark;
    }

    /**
     * Opens the checkpoint: goes on from an existing one of the same load, or starts a new one.
     *
     * @throws IllegalArgumentException when the file is the checkpoint of another load or not one at all
     */
    static LoadCheckpoint open(Path file, Plan plan) {
        List<String> lines = Files.exists(file) ? CheckpointLog.read(file) : List.of();
        if (lines.isEmpty()) {
            CheckpointLog log = CheckpointLog.open(file, true);
            log.append(CqlValues.JSON.valueToTree(plan));
            return new LoadCheckpoint(log, 0);
        }
        Plan found;
        try {
            found = CqlValues.JSON.readValue(lines.get(0), Plan.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The checkpoint " + file + " is not a load checkpoint: its first line "
                    + "does not describe a load", e);
        }
        List<String> differences = new ArrayList<>();
        ExportCheckpoint.compare(differences, "keyspace", found.keyspace(), plan.keyspace());
        ExportCheckpoint.compare(differences, "table", found.table(), plan.table());
        ExportCheckpoint.compare(differences, "format", found.format(), plan.format());
        ExportCheckpoint.compare(differences, "source", found.source(), plan.source());
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("The checkpoint " + file + " belongs to another load ("
                    + String.join("; ", differences) + "): give a new checkpoint file, or the same load");
        }
        long mark = 0;
        for (String line : lines.subList(1, lines.size())) {
            try {
                mark = Math.max(mark, CqlValues.JSON.readTree(line).path("through").asLong(0));
            } catch (RuntimeException tornByACrash) {
                // the last line, cut short: its mark is lost, the one before holds
            }
        }
        return new LoadCheckpoint(CheckpointLog.open(file, false), mark);
    }

    /** Records that start on this line or before were done by an earlier run. */
    long mark() {
        return mark;
    }

    /** Records a new mark, if it moved. */
    void advance(long through) {
        if (through <= lastWritten) {
            return;
        }
        lastWritten = through;
        log.append(CqlValues.JSON.createObjectNode().put("through", through));
    }

    @Override
    public void close() {
        log.close();
    }
}
