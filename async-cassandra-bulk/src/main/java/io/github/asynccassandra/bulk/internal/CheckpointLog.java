package io.github.asynccassandra.bulk.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A checkpoint file: JSON lines, each forced to disk before {@link #append} returns, read back whole lines only. */
final class CheckpointLog implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;

    private CheckpointLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * A new, empty log (replacing the file), or the existing one to append to. An existing log is first cut back to
     * its last whole line: a line a crash left half-written would otherwise swallow the next one.
     */
    static CheckpointLog open(Path file, boolean fresh) {
        try {
            if (fresh) {
                return new CheckpointLog(file, FileChannel.open(file, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                channel.truncate(endOfLastLine(channel));
                channel.force(false);
                channel.position(channel.size());
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new CheckpointLog(file, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Where the last line break ends, or 0. */
    private static long endOfLastLine(FileChannel channel) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long position = channel.size() - 1; position >= 0; position--) {
            one.clear();
            if (channel.read(one, position) == 1 && one.get(0) == '\n') {
                return position + 1;
            }
        }
        return 0;
    }

    /** The lines of an existing log. */
    static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    void append(JsonNode line) {
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
