package io.github.asynccassandra.bulk.internal;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import io.github.asynccassandra.bulk.DataFormat;
import java.io.Closeable;
import java.io.OutputStream;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * Writes rows in one {@link DataFormat} to a stream, with the {@link CqlValues} forms. Closing it flushes
 * and closes the stream. Not thread-safe: one per sub-range.
 */
abstract class RowWriter implements Closeable {

    static final CsvMapper CSV = CsvMapper.builder().enable(CsvWriteFeature.ALWAYS_QUOTE_EMPTY_STRINGS).build();

    /**
     * A column read: its name (for the header and NDJSON keys), type, and the driver's default codec for
     * it, which reads values as the driver's own types even where the session maps a UDT to a class.
     */
    record Column(String name, DataType type, TypeCodec<Object> codec) {
        Column(String name, DataType type) {
            this(name, type, CodecRegistry.DEFAULT.codecFor(type));
        }

        Object read(Row row, int index) {
            return row.get(index, codec);
        }
    }

    protected final List<Column> columns;

    RowWriter(List<Column> columns) {
        this.columns = columns;
    }

    static RowWriter open(DataFormat format, List<Column> columns, OutputStream out) {
        return format == DataFormat.CSV ? new Csv(columns, out) : new Ndjson(columns, out);
    }

    /** The CSV header line of {@code columns}, quoted where RFC 4180 needs it. */
    static void writeCsvHeader(List<Column> columns, OutputStream out) {
        try (JsonGenerator generator = CSV.writer(schema(columns)).createGenerator(out)) {
            generator.writeStartArray();
            for (Column column : columns) {
                generator.writeString(column.name());
            }
            generator.writeEndArray();
        }
    }

    private static CsvSchema schema(List<Column> columns) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(false);
        for (Column column : columns) {
            schema.addColumn(column.name());
        }
        return schema.build().withNullValue("");
    }

    abstract void write(Row row);

    @Override
    public abstract void close();

    private static final class Csv extends RowWriter {
        private final JsonGenerator generator;

        Csv(List<Column> columns, OutputStream out) {
            super(columns);
            this.generator = CSV.writer(schema(columns)).createGenerator(out);
        }

        @Override
        void write(Row row) {
            generator.writeStartArray();
            for (int i = 0; i < columns.size(); i++) {
                Object value = columns.get(i).read(row, i);
                if (value == null) {
                    generator.writeNull();
                } else {
                    generator.writeString(CqlValues.toText(value, columns.get(i).type()));
                }
            }
            generator.writeEndArray();
        }

        @Override
        public void close() {
            generator.close();
        }
    }

    private static final class Ndjson extends RowWriter {
        private final JsonGenerator generator;
        private boolean wrote;

        Ndjson(List<Column> columns, OutputStream out) {
            super(columns);
            this.generator = CqlValues.JSON.writer().withRootValueSeparator("\n").createGenerator(out);
        }

        @Override
        void write(Row row) {
            wrote = true;
            generator.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                generator.writeName(columns.get(i).name());
                CqlValues.writeJson(generator, columns.get(i).read(row, i), columns.get(i).type());
            }
            generator.writeEndObject();
        }

        @Override
        public void close() {
            // Every line ends with a newline, so that outputs of several ranges join into one file.
            if (wrote) {
                generator.writeRaw('\n');
            }
            generator.close();
        }
    }
}
