package io.github.asynccassandra.bulk.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

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

    private final Path file;
    private final FileChannel channel;
    private final long mark;
    private long lastWritten;

    private LoadCheckpoint(Path file, FileChannel channel, long mark) {
        this.file = file;
        this.channel = channel;
        this.mark = mark;
        this.lastWritten = mark;
    }

    /**
     * Opens the checkpoint: goes on from an existing one of the same load, or starts a new one.
     *
     * @throws IllegalArgumentException when the file is the checkpoint of another load or not one at all
     */
    static LoadCheckpoint open(Path file, Plan plan) {
        try {
            if (Files.exists(file) && Files.size(file) > 0) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                Plan found;
                try {
                    found = CqlValues.JSON.readValue(lines.get(0), Plan.class);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("The checkpoint " + file + " is not a load checkpoint: its "
                            + "first line does not describe a load", e);
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
                return new LoadCheckpoint(file, FileChannel.open(file, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND), mark);
            }
            LoadCheckpoint created = new LoadCheckpoint(file, FileChannel.open(file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), 0);
            created.append(CqlValues.JSON.valueToTree(plan));
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the checkpoint " + file + ": " + e.getMessage(), e);
        }
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
        append(CqlValues.JSON.createObjectNode().put("through", through));
    }

    private void append(JsonNode line) {
        ByteBuffer buffer = ByteBuffer.wrap((CqlValues.JSON.writeValueAsString(line) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint " + file + ": " + e.getMessage(), e);
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
