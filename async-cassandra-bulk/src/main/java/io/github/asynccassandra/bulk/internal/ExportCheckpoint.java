package io.github.asynccassandra.bulk.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The checkpoint of an export: a log of JSON lines. The first line describes the export (table, format,
 * columns, output, the planned sub-ranges, where the header ends); then one line per finished sub-range
 * with the output's length once that range's rows were appended; then {@code {"complete":true}}. Each
 * line is forced to disk before the next range is appended, and a range's line only after its rows are
 * on disk, so the output's length in the last line is always a clean cut: everything before it is whole
 * ranges, each once. A line cut short by a crash is cut off when the log is opened again (its range is done
 * again). Lines are recorded in the order the ranges' bytes were appended ({@code Exporter} appends and records
 * under one lock), so the last line's length never counts a range that is not recorded.
 */
final class ExportCheckpoint implements AutoCloseable {

    /** What the export is, and what a resumed one must match. */
    record Plan(String keyspace, String table, String format, boolean gzip, List<String> columns,
            @Nullable String where, String output, List<List<String>> ranges, long headerEnd) {
    }

    /** A finished range: the output's length after it, and its row count. */
    record Done(long end, long rows) {
    }

    private final CheckpointLog log;
    private final Plan plan;
    private final Map<Integer, Done> done;
    private final boolean complete;

    private ExportCheckpoint(CheckpointLog log, Plan plan, Map<Integer, Done> done, boolean complete) {
        this.log = log;
        this.plan = plan;
        this.done = done;
        this.complete = complete;
    }

    /** Starts a new checkpoint file (replacing any) with the plan. */
    static ExportCheckpoint create(Path file, Plan plan) {
        CheckpointLog log = CheckpointLog.open(file, true);
        log.append(CqlValues.JSON.valueToTree(plan));
        return new ExportCheckpoint(log, plan, new HashMap<>(), false);
    }

    /**
     * Reads an existing checkpoint, to go on from it.
     *
     * @throws IllegalArgumentException when the file is not an export checkpoint
     */
    static ExportCheckpoint open(Path file) {
        List<String> lines = CheckpointLog.read(file);
        Plan plan;
        try {
            plan = CqlValues.JSON.readValue(lines.isEmpty() ? "" : lines.get(0), Plan.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The checkpoint " + file + " is not an export checkpoint: its first "
                    + "line does not describe an export", e);
        }
        Map<Integer, Done> done = new HashMap<>();
        boolean complete = false;
        for (String line : lines.subList(1, lines.size())) {
            JsonNode entry;
            try {
                entry = CqlValues.JSON.readTree(line);
            } catch (RuntimeException tornByACrash) {
                continue;
            }
            if (entry.path("complete").asBoolean(false)) {
                complete = true;
            } else if (entry.has("range") && entry.has("end")) {
                done.put(entry.get("range").asInt(), new Done(entry.get("end").asLong(), entry.path("rows").asLong()));
            }
        }
        return new ExportCheckpoint(CheckpointLog.open(file, false), plan, done, complete);
    }

    Path file() {
        return log.file();
    }

    Plan plan() {
        return plan;
    }

    boolean isComplete() {
        return complete;
    }

    boolean isDone(int range) {
        return done.containsKey(range);
    }

    /** Ranges finished so far. */
    synchronized int doneCount() {
        return done.size();
    }

    /** Rows of the finished ranges. */
    synchronized long doneRows() {
        return done.values().stream().mapToLong(Done::rows).sum();
    }

    /** Where the output is cut on resume: after the last range recorded, else after the header. */
    synchronized long end() {
        return done.values().stream().mapToLong(Done::end).max().orElse(plan.headerEnd());
    }

    /** Records a range whose rows are on disk, the output now {@code end} bytes long. */
    synchronized void rangeDone(int range, long end, long rows) {
        log.append(CqlValues.JSON.createObjectNode().put("range", range).put("end", end).put("rows", rows));
        done.put(range, new Done(end, rows));
    }

    synchronized void markComplete() {
        log.append(CqlValues.JSON.createObjectNode().put("complete", true));
    }

    /** Adds "what found, not wanted" to {@code differences} when the two differ. */
    static void compare(List<String> differences, String what, @Nullable Object found, @Nullable Object wanted) {
        if (!Objects.equals(found, wanted)) {
            differences.add(what + " " + found + ", not " + wanted);
        }
    }

    @Override
    public void close() {
        log.close();
    }
}
