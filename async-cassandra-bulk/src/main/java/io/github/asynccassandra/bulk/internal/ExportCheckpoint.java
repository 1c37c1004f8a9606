package io.github.asynccassandra.bulk.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The checkpoint of an export: a log of JSON lines. The first line describes the export (table, format,
 * columns, output, the planned sub-ranges, where the header ends); then one line per finished sub-range
 * with the output's length once that range's rows were appended; then {@code {"complete":true}}. Each
 * line is forced to disk before the next range is appended, and a range's line only after its rows are
 * on disk, so the output's length in the last line is always a clean cut: everything before it is whole
 * ranges, each once. A line cut short by a crash is ignored (its range is done again).
 */
final class ExportCheckpoint implements AutoCloseable {

    /** What the export is, and what a resumed one must match. */
    record Plan(String keyspace, String table, String format, boolean gzip, List<String> columns,
            @Nullable String where, String output, List<List<String>> ranges, long headerEnd) {
    }

    /** A finished range: the output's length after it, and its row count. */
    record Done(long end, long rows) {
    }

    private final Path file;
    private final FileChannel channel;
    private final Plan plan;
    private final Map<Integer, Done> done;
    private final boolean complete;

    private ExportCheckpoint(Path file, FileChannel channel, Plan plan, Map<Integer, Done> done, boolean complete) {
        this.file = file;
        this.channel = channel;
        this.plan = plan;
        this.done = done;
        this.complete = complete;
    }

    /** Starts a new checkpoint file (replacing any) with the plan. */
    static ExportCheckpoint create(Path file, Plan plan) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            ExportCheckpoint checkpoint = new ExportCheckpoint(file, channel, plan, new HashMap<>(), false);
            checkpoint.append(CqlValues.JSON.valueToTree(plan));
            return checkpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an existing checkpoint, to go on from it.
     *
     * @throws IllegalArgumentException when the file is not an export checkpoint
     */
    static ExportCheckpoint open(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the checkpoint " + file + ": " + e.getMessage(), e);
        }
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
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new ExportCheckpoint(file, channel, plan, done, complete);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
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
        ObjectNode line = CqlValues.JSON.createObjectNode().put("range", range).put("end", end).put("rows", rows);
        append(line);
        done.put(range, new Done(end, rows));
    }

    synchronized void markComplete() {
        append(CqlValues.JSON.createObjectNode().put("complete", true));
    }

    private void append(JsonNode line) {
        byte[] bytes = (CqlValues.JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Adds "what found, not wanted" to {@code differences} when the two differ. */
    static void compare(List<String> differences, String what, @Nullable Object found, @Nullable Object wanted) {
        if (!Objects.equals(found, wanted)) {
            differences.add(what + " " + found + ", not " + wanted);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
