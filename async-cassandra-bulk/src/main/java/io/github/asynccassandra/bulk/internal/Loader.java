package io.github.asynccassandra.bulk.internal;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.bulk.BulkOptions;
import io.github.asynccassandra.bulk.DataFormat;
import io.github.asynccassandra.bulk.LoadResult;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import io.github.asynccassandra.internal.Completion;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Reads CSV or NDJSON and upserts each record with a prepared, idempotent statement, at most
 * {@link BulkOptions#parallelism()} writes in flight. Reading and binding run on a thread of the load's
 * own; it waits for a free slot, never a driver thread. A record that cannot be written as it is (a
 * malformed line, a wrong type, a missing key) goes to the rejects file with its line number and the
 * reason, and the load goes on; so does a record the server refuses as invalid (an empty partition key, say). A
 * write that fails otherwise after every retry ends the load. Null and
 * absent values are left unset (no tombstone). Counter tables are loaded with increments, which are not
 * idempotent and so are never retried by the driver.
 */
final class Loader {

    /** Longest record read; a longer one (an unclosed quote, say) is rejected. */
    static final int MAX_RECORD_CHARS = 16 * 1024 * 1024;
    private static final int REPORT_EVERY = 10_000;
    private static final long MARK_EVERY_NANOS = 1_000_000_000L;
    private static final AtomicInteger LOADS = new AtomicInteger();
    private static final ObjectReader CSV_RECORD = RowWriter.CSV.readerFor(String[].class)
            .with(CsvSchema.emptySchema()).with(CsvReadFeature.EMPTY_UNQUOTED_STRING_AS_NULL);

    private final AsyncCassandraSession session;
    private final TableMetadata table;
    private final String tableName;
    private final DataFormat format;
    private final BulkOptions options;
    private final CodecRegistry registry;
    private final boolean counters;
    private final Progress.@Nullable MetersFactory meters;

    Loader(AsyncCassandraSession session, BulkTarget target, DataFormat format, BulkOptions options,
            Progress.@Nullable MetersFactory meters) {
        this.meters = meters;
        this.session = session;
        this.table = target.table();
        this.tableName = target.displayName();
        this.format = Objects.requireNonNull(format, "format");
        this.options = options;
        // The driver's own codecs: a session may map a UDT to an application class, which a load must not see.
        this.registry = CodecRegistry.DEFAULT;
        this.counters = table.getColumns().values().stream().anyMatch(c -> c.getType().equals(DataTypes.COUNTER));
    }

    CompletableFuture<LoadResult> fromFile(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("Cannot load " + file + ": "
                    + (Files.exists(file) ? "it is not a readable file" : "there is no such file"));
        }
        Path rejects = options.rejects() != null ? options.rejects()
                : file.toAbsolutePath().resolveSibling(file.getFileName() + ".rejects.ndjson");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load " + file + ": " + e.getMessage(), e);
        }
        return start(file.toAbsolutePath().normalize().toString(), () -> Files.newInputStream(file), size, rejects);
    }

    CompletableFuture<LoadResult> fromStream(InputStream in) {
        Objects.requireNonNull(in, "in");
        return start("the stream", () -> in, -1, options.rejects());
    }

    private interface Source {
        InputStream open() throws IOException;
    }

    private CompletableFuture<LoadResult> start(String sourceName, Source source, long size, @Nullable Path rejects) {
        CompletableFuture<LoadResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(new Run(sourceName, size, rejects).load(source));
            } catch (Throwable e) {
                result.completeExceptionally(Completion.unwrap(e));
            }
        }, "async-cassandra-bulk-load-" + LOADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** One load: its counters, its slots in flight, its rejects. */
    private final class Run {
        private final String sourceName;
        private final long size;
        private final @Nullable Path rejectsPath;
        private final long start = System.nanoTime();
        private final Semaphore slots = new Semaphore(options.parallelism());
        private final AtomicLong written = new AtomicLong();
        private final AtomicReference<Throwable> fatal = new AtomicReference<>();
        private final AtomicLong bytesRead = new AtomicLong();
        private final InFlightLines inFlight = new InFlightLines();
        private long read;
        private long rejected;
        private long skipped;
        private long lastLine;
        private @Nullable Writer rejectsWriter;
        private @Nullable LoadCheckpoint checkpoint;

        Run(String sourceName, long size, @Nullable Path rejectsPath) {
            this.sourceName = sourceName;
            this.size = size;
            this.rejectsPath = rejectsPath;
        }

        LoadResult load(Source source) throws IOException, InterruptedException {
            Progress progress = new Progress("load", tableName, sourceName + " into " + tableName, 0, 0, options,
                    () -> size > 0 ? Math.min(1, (double) bytesRead.get() / size) : -1, meters);
            try {
                return load(source, progress);
            } finally {
                progress.end();
            }
        }

        private LoadResult load(Source source, Progress progress) throws IOException, InterruptedException {
            checkpoint = openCheckpoint();
            long mark = checkpoint != null ? checkpoint.mark() : 0;
            if (rejectsPath != null && mark == 0 && Files.exists(rejectsPath) && !options.overwrite()) {
                if (checkpoint != null) {
                    checkpoint.close();
                }
                throw new IllegalArgumentException("Cannot load " + sourceName + ": the rejects file " + rejectsPath
                        + " exists (move it away, or give overwrite, --overwrite on the command line, to replace it)");
            }
            long lastMarkNanos = System.nanoTime();
            try (InputStream raw = source.open();
                    BufferedReader reader = reader(counting(raw))) {
                RecordSplitter records = new RecordSplitter(reader, format == DataFormat.CSV, MAX_RECORD_CHARS);
                List<ColumnMetadata> columns;
                if (format == DataFormat.CSV) {
                    RecordSplitter.Record header = records.next();
                    if (header == null) {
                        throw new IllegalArgumentException("Cannot load " + sourceName + ": it is empty (a CSV load "
                                + "needs a header line of column names)");
                    }
                    columns = headerColumns(header);
                } else {
                    columns = List.copyOf(table.getColumns().values());
                }
                Statement statement = prepare(columns);
                for (RecordSplitter.Record record; (record = records.next()) != null; ) {
                    if (fatal.get() != null) {
                        break;
                    }
                    if (record.line() <= mark) {
                        skipped++;
                        continue;
                    }
                    read++;
                    progress.rows(1);
                    BoundStatement bound;
                    try {
                        bound = format == DataFormat.CSV ? bindCsv(statement, record)
                                : bindJson(statement, record);
                    } catch (IllegalArgumentException | UnsupportedOperationException bad) {
                        reject(record, bad.getMessage());
                        lastLine = record.line();
                        continue;
                    }
                    write(bound, record);
                    lastLine = record.line();
                    if (read % REPORT_EVERY == 0) {
                        progress.report(false);
                    }
                    if (checkpoint != null && System.nanoTime() - lastMarkNanos > MARK_EVERY_NANOS) {
                        lastMarkNanos = System.nanoTime();
                        flushRejects();
                        checkpoint.advance(doneThrough());
                    }
                }
            } finally {
                slots.acquire(options.parallelism());
                if (rejectsWriter != null) {
                    rejectsWriter.close();
                }
                if (checkpoint != null) {
                    // A record whose write failed stays in flight: the mark stops before it.
                    checkpoint.advance(doneThrough());
                    checkpoint.close();
                }
            }
            Throwable error = fatal.get();
            if (error != null) {
                throw new IllegalStateException(error.getMessage() + " (the load stopped after " + read
                        + " records read, " + written.get() + " written, " + rejected + " rejected)", error);
            }
            progress.report(true);
            return new LoadResult(read, written.get(), rejected, skipped, rejected > 0 ? rejectsPath : null,
                    Duration.ofNanos(System.nanoTime() - start));
        }

        private @Nullable LoadCheckpoint openCheckpoint() {
            Path file = options.checkpoint();
            if (file == null) {
                return null;
            }
            if (counters) {
                throw new IllegalArgumentException("A load into counter table " + tableName + " cannot be resumed "
                        + "exactly once (increments written after the checkpoint's mark would count twice): load it "
                        + "without a checkpoint");
            }
            return LoadCheckpoint.open(file, new LoadCheckpoint.Plan(table.getKeyspace().asInternal(),
                    table.getName().asInternal(), format.name(), sourceName));
        }

        /** The line up to which every record read is written or rejected. */
        private long doneThrough() {
            return inFlight.doneThrough(lastLine);
        }

        private InputStream counting(InputStream raw) throws IOException {
            InputStream counted = new FilterInputStream(raw) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }
            };
            BufferedInputStream buffered = new BufferedInputStream(counted, 1 << 16);
            buffered.mark(2);
            int first = buffered.read();
            int second = buffered.read();
            buffered.reset();
            // Every member of a concatenated stream (an export writes one per range), however a pipe delivers them.
            return first == 0x1f && second == 0x8b ? GzipCompressorInputStream.builder().setInputStream(buffered)
                    .setDecompressConcatenated(true).get() : buffered;
        }

        private BufferedReader reader(InputStream in) {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)),
                    1 << 16);
        }

        private List<ColumnMetadata> headerColumns(RecordSplitter.Record header) {
            String[] names;
            try {
                names = CSV_RECORD.readValue(header.text());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Cannot load " + sourceName + ": its header line is not CSV ("
                        + e.getMessage() + ")", e);
            }
            List<ColumnMetadata> columns = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String name : names) {
                ColumnMetadata column = name == null ? null
                        : table.getColumn(CqlIdentifier.fromInternal(name)).orElse(null);
                if (column == null) {
                    throw new IllegalArgumentException("Cannot load " + sourceName + ": the header names a column '"
                            + name + "' that table " + tableName + " does not have; it has " + columnNames());
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("Cannot load " + sourceName + ": the header names column '"
                            + name + "' twice");
                }
                columns.add(column);
            }
            List<String> missingKeys = table.getPrimaryKey().stream().map(c -> c.getName().asInternal())
                    .filter(key -> !seen.contains(key)).toList();
            if (!missingKeys.isEmpty()) {
                throw new IllegalArgumentException("Cannot load " + sourceName + ": the header lacks primary key "
                        + "column(s) " + missingKeys + " of table " + tableName);
            }
            return columns;
        }

        private String columnNames() {
            return table.getColumns().keySet().stream().map(CqlIdentifier::asInternal)
                    .collect(Collectors.joining(", "));
        }

        /** The prepared upsert and where each column is bound. */
        private Statement prepare(List<ColumnMetadata> columns) {
            List<ColumnMetadata> bound = new ArrayList<>();
            String cql;
            if (counters) {
                List<ColumnMetadata> increments = columns.stream().filter(c -> !table.getPrimaryKey().contains(c))
                        .toList();
                List<ColumnMetadata> keys = table.getPrimaryKey();
                cql = "UPDATE " + qualified() + " SET " + increments.stream().map(c -> c.getName().asCql(true))
                        .map(name -> name + " = " + name + " + ?").collect(Collectors.joining(", ")) + " WHERE "
                        + keys.stream().map(c -> c.getName().asCql(true) + " = ?")
                                .collect(Collectors.joining(" AND "));
                bound.addAll(increments);
                bound.addAll(keys);
            } else {
                cql = "INSERT INTO " + qualified() + " (" + columns.stream().map(c -> c.getName().asCql(true))
                        .collect(Collectors.joining(", ")) + ") VALUES (" + columns.stream().map(c -> "?")
                        .collect(Collectors.joining(", ")) + ")";
                bound.addAll(columns);
            }
            PreparedStatement prepared = session.prepare(cql).join();
            Map<String, Integer> positions = new LinkedHashMap<>();
            for (int i = 0; i < bound.size(); i++) {
                positions.put(bound.get(i).getName().asInternal(), i);
            }
            return new Statement(prepared, bound, positions, columns);
        }

        private String qualified() {
            return table.getKeyspace().asCql(true) + "." + table.getName().asCql(true);
        }

        private BoundStatement bindCsv(Statement statement, RecordSplitter.Record record) {
            if (record.tooLong()) {
                throw new IllegalArgumentException("the record is longer than " + MAX_RECORD_CHARS
                        + " characters (an unclosed quote?)");
            }
            String[] fields;
            try {
                fields = CSV_RECORD.readValue(record.text());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("malformed CSV: " + firstLine(e.getMessage()));
            }
            if (fields.length != statement.columns().size()) {
                throw new IllegalArgumentException("the record has " + fields.length + " fields, the header "
                        + statement.columns().size());
            }
            Object[] values = new Object[statement.bound().size()];
            for (int i = 0; i < fields.length; i++) {
                ColumnMetadata column = statement.columns().get(i);
                String field = fields[i];
                if (field != null) {
                    values[statement.positions().get(column.getName().asInternal())] =
                            convert(column, () -> CqlValues.fromText(field, column.getType(), registry));
                }
            }
            return bind(statement, values);
        }

        private BoundStatement bindJson(Statement statement, RecordSplitter.Record record) {
            if (record.tooLong()) {
                throw new IllegalArgumentException("the line is longer than " + MAX_RECORD_CHARS + " characters");
            }
            JsonNode node;
            try {
                node = CqlValues.JSON.readTree(record.text());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("malformed JSON: " + firstLine(e.getMessage()));
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException("the line is a JSON " + node.getNodeType()
                        + ", not an object of column values");
            }
            Object[] values = new Object[statement.bound().size()];
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                Integer position = statement.positions().get(field.getKey());
                if (position == null) {
                    throw new IllegalArgumentException("table " + tableName + " has no column '" + field.getKey()
                            + "'");
                }
                ColumnMetadata column = statement.bound().get(position);
                values[position] = convert(column, () -> CqlValues.fromJson(field.getValue(), column.getType(),
                        registry));
            }
            return bind(statement, values);
        }

        private Object convert(ColumnMetadata column, Supplier<Object> conversion) {
            try {
                return conversion.get();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column '" + column.getName().asInternal() + "': "
                        + e.getMessage(), e);
            }
        }

        private BoundStatement bind(Statement statement, Object[] values) {
            BoundStatementBuilder builder = statement.prepared().boundStatementBuilder();
            for (int i = 0; i < values.length; i++) {
                ColumnMetadata column = statement.bound().get(i);
                Object value = values[i];
                if (value == null) {
                    if (table.getPrimaryKey().contains(column)) {
                        throw new IllegalArgumentException("primary key column '" + column.getName().asInternal()
                                + "' has no value");
                    }
                    if (!counters) {
                        continue;
                    }
                    value = 0L;
                }
                builder.set(i, value, registry.codecFor(column.getType()));
            }
            return builder.setIdempotence(!counters).setConsistencyLevel(options.writeConsistency()).build();
        }

        private void write(BoundStatement bound, RecordSplitter.Record record) throws InterruptedException {
            long line = record.line();
            slots.acquire();
            inFlight.add(line);
            // An increment applied twice counts twice: counter writes are not tried again.
            Retries.withBackoff(() -> session.execute(bound), counters ? 0 : options.maxRetries(),
                    options.retryBackoff(),
                    (error, tries) -> new IllegalStateException("Writing the record at line " + line + " of "
                            + sourceName + " failed " + tries + " time(s): " + error, error))
                    .whenComplete((ok, error) -> {
                        try {
                            if (error == null) {
                                written.incrementAndGet();
                            } else if (Completion.unwrap(error) instanceof QueryValidationException refused) {
                                // The record, not the cluster: trying it again, now or on resume, fails the same way.
                                reject(record, "the server refused the record: " + refused.getMessage());
                            } else {
                                fatal.compareAndSet(null, error);
                                return;
                            }
                            inFlight.remove(line);
                        } catch (IOException | RuntimeException e) {
                            fatal.compareAndSet(null, e);
                        } finally {
                            slots.release();
                        }
                    });
        }

        /** From the reading thread, or from a write's completion: one at a time. */
        private synchronized void reject(RecordSplitter.Record record, String reason) throws IOException {
            rejected++;
            if (rejectsPath == null) {
                throw new IllegalArgumentException("Line " + record.line() + " of " + sourceName + ": " + reason
                        + " (give BulkOptions.rejects(path) to set such records aside and go on)");
            }
            if (rejectsWriter == null) {
                // A resumed load adds to the rejects of the runs before it.
                boolean resumed = checkpoint != null && checkpoint.mark() > 0;
                rejectsWriter = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(rejectsPath,
                        StandardOpenOption.CREATE, resumed ? StandardOpenOption.APPEND
                                : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                        StandardCharsets.UTF_8));
            }
            rejectsWriter.write(CqlValues.JSON.writeValueAsString(CqlValues.JSON.createObjectNode()
                    .put("line", record.line()).put("reason", reason).put("record", record.text())));
            rejectsWriter.write('\n');
        }

        private synchronized void flushRejects() throws IOException {
            if (rejectsWriter != null) {
                rejectsWriter.flush();
            }
        }
    }

    /** The prepared upsert: the columns it binds, in order, and the columns of the input. */
    private record Statement(PreparedStatement prepared, List<ColumnMetadata> bound, Map<String, Integer> positions,
            List<ColumnMetadata> columns) {
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
