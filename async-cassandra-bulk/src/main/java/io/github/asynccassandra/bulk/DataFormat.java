package io.github.asynccassandra.bulk;

/**
 * The file formats of {@link BulkOperations#export export} and {@link BulkOperations#load load}. Both
 * write every CQL type so that a load reads back exactly what an export wrote: see the README's table.
 */
public enum DataFormat {

    /**
     * RFC 4180 CSV with a header line of column names. {@code null} is an empty unquoted field, the empty
     * string a quoted one ({@code ""}). Collections, tuples and UDTs are JSON text in their cell.
     */
    CSV,

    /** One JSON object per line, by column name; {@code null} is JSON {@code null}. */
    NDJSON
}
