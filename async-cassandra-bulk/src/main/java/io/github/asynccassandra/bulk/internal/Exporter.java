package io.github.asynccassandra.bulk.internal;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.TokenMap;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.bulk.BulkOptions;
import io.github.asynccassandra.bulk.DataFormat;
import io.github.asynccassandra.bulk.ExportResult;
import io.github.asynccassandra.internal.Completion;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Writes a table to a file or a stream, sub-range by sub-range. Each range in flight writes its rows to
 * its own temporary file (one page in memory at a time); a finished range's file is appended whole to the
 * output, so the output only ever holds whole ranges. With gzip, each range is its own gzip member; the
 * members join into one valid gzip file.
 *
 * <p>A file export writes {@code <file>.inprogress} and renames it to {@code <file>} when every range is
 * in: a file by the target's name is always a complete export. With a checkpoint, each appended range is
 * recorded ({@link ExportCheckpoint}); a new run with the same checkpoint cuts {@code <file>.inprogress}
 * back to the last recorded length, which drops the rows of a range whose append the crash interrupted,
 * deletes the temporary files of unfinished ranges, and reads only the ranges not recorded.
 */
final class Exporter {

    private static final AtomicInteger EXPORTS = new AtomicInteger();

    private final AsyncCassandraSession session;
    private final BulkTarget target;
    private final DataFormat format;
    private final BulkOptions options;
    private final int pageSize;
    private final List<RowWriter.Column> columns;
    private final Progress.@Nullable MetersFactory meters;

    Exporter(AsyncCassandraSession session, BulkTarget target, DataFormat format, BulkOptions options, int pageSize,
            Progress.@Nullable MetersFactory meters) {
        this.session = session;
        this.target = target;
        this.format = Objects.requireNonNull(format, "format");
        this.options = options;
        this.pageSize = pageSize;
        this.columns = target.columns();
        this.meters = meters;
    }

    /** Where finished ranges go: a file (resumable) or a caller's stream. */
    private interface Sink {
        /**
         * Appends a finished range's bytes and, before another range can be appended, hands the output's length
         * after it to {@code appended}: a checkpoint records ranges in the order their bytes are in the output.
         */
        void append(Path part, LongConsumer appended) throws IOException;

        /** A temporary file for a range's rows. */
        Path newPart(PlannedRange range) throws IOException;
    }

    CompletableFuture<ExportResult> toFile(Path file) {
        long start = System.nanoTime();
        Path output = file.toAbsolutePath().normalize();
        Path directory = output.getParent();
        if (Files.isDirectory(output)) {
            throw new IllegalArgumentException("Cannot export to " + output + ": it is a directory");
        }
        if (directory == null || !Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new IllegalArgumentException("Cannot export to " + output + ": the directory " + directory
                    + (directory != null && Files.isDirectory(directory) ? " is not writable" : " does not exist"));
        }
        Path inProgress = output.resolveSibling(output.getFileName() + ".inprogress");
        String partPrefix = output.getFileName() + ".range-";
        ExportCheckpoint.Plan wanted = plan(output, List.of(), 0);
        ExportCheckpoint checkpoint = null;
        List<PlannedRange> ranges;
        try {
            Path checkpointFile = options.checkpoint();
            // An empty checkpoint (a crash while it was created) is no checkpoint.
            if (checkpointFile != null && Files.exists(checkpointFile) && Files.size(checkpointFile) > 0) {
                checkpoint = ExportCheckpoint.open(checkpointFile);
                requireSameExport(checkpoint, wanted);
                ranges = ranges(checkpoint.plan(), target.tokenMap());
                if (checkpoint.isComplete()) {
                    checkpoint.close();
                    if (!Files.exists(output)) {
                        throw new IllegalStateException("The checkpoint " + checkpointFile + " says the export to "
                                + output + " is complete, but the file is not there: delete the checkpoint to "
                                + "export again");
                    }
                    return CompletableFuture.completedFuture(new ExportResult(checkpoint.doneRows(),
                            Files.size(output), ranges.size(), ranges.size(), elapsed(start)));
                }
                if (!Files.exists(inProgress) && checkpoint.doneCount() == ranges.size() && Files.exists(output)) {
                    // Renamed, then stopped before "complete" was recorded.
                    try (ExportCheckpoint finished = checkpoint) {
                        finished.markComplete();
                    }
                    return CompletableFuture.completedFuture(new ExportResult(checkpoint.doneRows(),
                            Files.size(output), ranges.size(), ranges.size(), elapsed(start)));
                }
                if (!Files.exists(inProgress)) {
                    throw new IllegalStateException("The checkpoint " + checkpointFile + " goes on with " + inProgress
                            + ", which is not there: delete the checkpoint to export again");
                }
                try (FileChannel channel = FileChannel.open(inProgress, StandardOpenOption.WRITE)) {
                    channel.truncate(checkpoint.end());
                    channel.force(true);
                }
            } else {
                if (Files.exists(output) && !options.overwrite()) {
                    throw new IllegalArgumentException("Cannot export to " + output + ": the file exists (give "
                            + "overwrite, --overwrite on the command line, to replace it)");
                }
                ranges = target.plan();
                long headerEnd = writeHeader(inProgress);
                if (checkpointFile != null) {
                    checkpoint = ExportCheckpoint.create(checkpointFile, plan(output, ranges, headerEnd));
                }
            }
            deleteParts(directory, partPrefix);
        } catch (IOException | RuntimeException e) {
            if (checkpoint != null) {
                checkpoint.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException("Cannot export to " + output + ": "
                    + io.getMessage(), io) : (RuntimeException) e;
        }
        ExportCheckpoint recorder = checkpoint;
        FileChannel channel;
        try {
            channel = FileChannel.open(inProgress, StandardOpenOption.WRITE);
            channel.position(channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot export to " + output + ": " + e.getMessage(), e);
        }
        int resumed = recorder == null ? 0 : recorder.doneCount();
        long rowsBefore = recorder == null ? 0 : recorder.doneRows();
        List<PlannedRange> remaining = ranges.stream().filter(r -> recorder == null || !recorder.isDone(r.index()))
                .toList();
        Sink sink = new Sink() {
            @Override
            public synchronized void append(Path part, LongConsumer appended) throws IOException {
                try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
                    long position = channel.position();
                    long size = in.size();
                    for (long copied = 0; copied < size; ) {
                        copied += in.transferTo(copied, size - copied, channel);
                    }
                    channel.position(position + size);
                    channel.force(false);
                    appended.accept(position + size);
                }
            }

            @Override
            public Path newPart(PlannedRange range) {
                return directory.resolve(partPrefix + range.index() + ".tmp");
            }
        };
        return run(ranges.size(), resumed, remaining, sink, recorder, output.getFileName().toString())
                .handle((rows, error) -> {
                    closeQuietly(channel, error);
                    if (error != null) {
                        if (recorder != null) {
                            recorder.close();
                        } else {
                            deleteQuietly(inProgress, error);
                        }
                        throw error instanceof CompletionException wrapped ? wrapped : new CompletionException(error);
                    }
                    try {
                        // Renamed first: "complete" must never stand for a file that is not there yet.
                        move(inProgress, output);
                        if (recorder != null) {
                            try (recorder) {
                                recorder.markComplete();
                            }
                        }
                        return new ExportResult(rowsBefore + rows, Files.size(output), ranges.size(), resumed,
                                elapsed(start));
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot finish the export to " + output + ": "
                                + e.getMessage(), e);
                    }
                });
    }

    CompletableFuture<ExportResult> toStream(OutputStream out) {
        long start = System.nanoTime();
        Objects.requireNonNull(out, "out");
        if (options.checkpoint() != null) {
            throw new IllegalArgumentException("A checkpoint needs an export to a file: a stream cannot be cut "
                    + "back to the last finished range");
        }
        List<PlannedRange> ranges = target.plan();
        AtomicLong bytes = new AtomicLong();
        OutputStream counted = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytes.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                bytes.addAndGet(len);
            }
        };
        try {
            if (format == DataFormat.CSV) {
                try (OutputStream header = compressed(nonClosing(counted))) {
                    RowWriter.writeCsvHeader(columns, header);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the export: " + e.getMessage(), e);
        }
        Sink sink = new Sink() {
            @Override
            public synchronized void append(Path part, LongConsumer appended) throws IOException {
                Files.copy(part, counted);
                counted.flush();
                appended.accept(bytes.get());
            }

            @Override
            public Path newPart(PlannedRange range) throws IOException {
                // Named by this process, so that a program stopped by a signal (the CLI) can remove its own.
                return Files.createTempFile("async-cassandra-export-" + ProcessHandle.current().pid() + "-",
                        ".range-" + range.index() + ".tmp");
            }
        };
        return run(ranges.size(), 0, ranges, sink, null, "stream")
                .thenApply(rows -> new ExportResult(rows, bytes.get(), ranges.size(), 0, elapsed(start)));
    }

    /** Reads the ranges into parts and appends each finished one; completes once no range is running. */
    private CompletableFuture<Long> run(int total, int resumed, List<PlannedRange> remaining, Sink sink,
            @Nullable ExportCheckpoint checkpoint, String name) {
        Progress progress = new Progress("export", target.displayName(), target.displayName() + " to " + name, total,
                resumed, options, null, meters);
        ExecutorService writers = Executors.newFixedThreadPool(Math.min(options.parallelism(),
                Runtime.getRuntime().availableProcessors() * 2), runnable -> {
                    Thread thread = new Thread(runnable, "async-cassandra-bulk-export-" + EXPORTS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicLong rows = new AtomicLong();
        CompletableFuture<Long> result = new CompletableFuture<>();
        session.prepare(target.select(BulkTarget.selectList(columns))).whenComplete((prepared, prepareError) -> {
            if (prepareError != null) {
                writers.shutdown();
                progress.end();
                result.completeExceptionally(Completion.unwrap(prepareError));
                return;
            }
            RangeTasks tasks = new RangeTasks(remaining,
                    range -> exportRange(prepared, range, sink, checkpoint, writers, stopped, progress, rows));
            tasks.run(options.parallelism()).whenComplete((ignored, error) -> {
                if (error != null) {
                    stopped.set(true);
                }
                // Completes only once every range task has ended and removed its temporary file.
                tasks.whenIdle().whenComplete((idle, never) -> {
                    writers.shutdown();
                    if (error != null) {
                        progress.end();
                        result.completeExceptionally(error);
                        return;
                    }
                    try {
                        progress.report(true);
                        result.complete(rows.get());
                    } catch (RuntimeException listenerError) {
                        result.completeExceptionally(listenerError);
                    }
                });
            });
        });
        return result;
    }

    private CompletableFuture<Long> exportRange(PreparedStatement prepared, PlannedRange range, Sink sink,
            @Nullable ExportCheckpoint checkpoint, ExecutorService writers, AtomicBoolean stopped, Progress progress,
            AtomicLong totalRows) {
        Path part;
        RowWriter writer;
        try {
            part = sink.newPart(range);
            writer = RowWriter.open(format, columns, compressed(new BufferedOutputStream(Files.newOutputStream(part,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                    1 << 16)));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException("Cannot write a temporary file for range "
                    + range.index() + ": " + e.getMessage(), e));
        }
        AtomicBoolean closed = new AtomicBoolean();
        return Pages.read(session, target.bind(prepared, range.range()), range, pageSize, options,
                page -> CompletableFuture.runAsync(() -> {
                    for (Row row : page) {
                        writer.write(row);
                    }
                    progress.rows(page.size());
                }, writers), stopped::get)
                .thenApplyAsync(rowCount -> {
                    if (stopped.get()) {
                        throw new IllegalStateException("export stopped");
                    }
                    closed.set(true);
                    writer.close();
                    try {
                        sink.append(part, end -> {
                            if (checkpoint != null) {
                                checkpoint.rangeDone(range.index(), end, rowCount);
                            }
                        });
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot append range " + range.index() + " to the export: "
                                + e.getMessage(), e);
                    }
                    totalRows.addAndGet(rowCount);
                    progress.rangeDone();
                    return rowCount;
                }, writers)
                .whenComplete((rowCount, error) -> {
                    if (error != null && closed.compareAndSet(false, true)) {
                        try {
                            writer.close();
                        } catch (RuntimeException alsoFailed) {
                            error.addSuppressed(alsoFailed);
                        }
                    }
                    deleteQuietly(part, error);
                });
    }

    /** Writes the CSV header (a gzip member of its own when compressing); returns the file's length. */
    private long writeHeader(Path inProgress) throws IOException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(inProgress, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))) {
            if (format == DataFormat.CSV) {
                try (OutputStream out = compressed(file)) {
                    RowWriter.writeCsvHeader(columns, out);
                }
            }
        }
        return Files.size(inProgress);
    }

    private OutputStream compressed(OutputStream out) throws IOException {
        return options.gzip() ? new GZIPOutputStream(out, 1 << 16) : out;
    }

    private ExportCheckpoint.Plan plan(Path output, List<PlannedRange> ranges, long headerEnd) {
        TokenMap tokens = target.tokenMap();
        List<List<String>> planned = new ArrayList<>(ranges.size());
        for (PlannedRange range : ranges) {
            planned.add(List.of(tokens.format(range.range().getStart()), tokens.format(range.range().getEnd())));
        }
        return new ExportCheckpoint.Plan(target.table().getKeyspace().asInternal(),
                target.table().getName().asInternal(), format.name(), options.gzip(),
                columns.stream().map(RowWriter.Column::name).toList(), options.where(), output.toString(), planned,
                headerEnd);
    }

    private static void requireSameExport(ExportCheckpoint checkpoint, ExportCheckpoint.Plan wanted) {
        ExportCheckpoint.Plan found = checkpoint.plan();
        List<String> differences = new ArrayList<>();
        ExportCheckpoint.compare(differences, "keyspace", found.keyspace(), wanted.keyspace());
        ExportCheckpoint.compare(differences, "table", found.table(), wanted.table());
        ExportCheckpoint.compare(differences, "format", found.format(), wanted.format());
        ExportCheckpoint.compare(differences, "gzip", found.gzip(), wanted.gzip());
        ExportCheckpoint.compare(differences, "columns", found.columns(), wanted.columns());
        ExportCheckpoint.compare(differences, "where", found.where(), wanted.where());
        ExportCheckpoint.compare(differences, "output", found.output(), wanted.output());
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("The checkpoint " + checkpoint.file() + " belongs to another export ("
                    + String.join("; ", differences) + "): give a new checkpoint file, or the same export");
        }
    }


    private static List<PlannedRange> ranges(ExportCheckpoint.Plan plan, TokenMap tokens) {
        List<PlannedRange> ranges = new ArrayList<>(plan.ranges().size());
        for (List<String> range : plan.ranges()) {
            ranges.add(new PlannedRange(ranges.size(), tokens.newTokenRange(tokens.parse(range.get(0)),
                    tokens.parse(range.get(1)))));
        }
        return ranges;
    }

    private static void deleteParts(Path directory, String prefix) throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(directory, glob(prefix) + "*.tmp")) {
            for (Path part : parts) {
                Files.deleteIfExists(part);
            }
        }
    }

    private static String glob(String literal) {
        return literal.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
    }

    private static void closeQuietly(FileChannel channel, @Nullable Throwable error) {
        try {
            channel.close();
        } catch (IOException e) {
            if (error != null) {
                error.addSuppressed(e);
            } else {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void deleteQuietly(Path file, @Nullable Throwable error) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            if (error != null) {
                error.addSuppressed(e);
            } else {
                throw new UncheckedIOException("Cannot delete the temporary file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
