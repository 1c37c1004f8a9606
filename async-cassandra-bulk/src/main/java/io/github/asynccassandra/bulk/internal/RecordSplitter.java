package io.github.asynccassandra.bulk.internal;

import java.io.IOException;
import java.io.Reader;
import org.jspecify.annotations.Nullable;

/**
 * Cuts text into records, each with the line it starts on, without parsing fields (the CSV or JSON
 * library does that, record by record, so a malformed record can be set aside and the next one read).
 * A record ends at a line break outside a quoted field (CSV, where a quoted field may hold line breaks)
 * or at any line break (NDJSON). As in RFC 4180, a field is quoted only when a double quote opens it; a
 * quote inside an unquoted field ({@code 5" tv}) is data, so it cannot swallow the lines after it. The
 * line break is not part of the record. Blank lines are skipped, and so is a byte-order mark at the start
 * (spreadsheets write one). A record longer than the limit (such as everything after an unclosed quote) is
 * cut at the limit and handed over as too long, and reading goes on at the next line.
 */
final class RecordSplitter {

    /** A record: its text and the line it starts on (from 1), or a record that was too long. */
    record Record(String text, long line, boolean tooLong) {
    }

    private final Reader reader;
    private final boolean csvQuotes;
    private final int maxChars;
    private final StringBuilder buffer = new StringBuilder(256);
    private long line = 1;
    private int pushedBack = -2;
    private boolean started;

    RecordSplitter(Reader reader, boolean csvQuotes, int maxChars) {
        this.reader = reader;
        this.csvQuotes = csvQuotes;
        this.maxChars = maxChars;
    }

    /** The next record, or {@code null} at the end of the input. */
    @Nullable Record next() throws IOException {
        while (true) {
            buffer.setLength(0);
            long start = line;
            boolean quoted = false;
            boolean fieldStart = true;
            boolean tooLong = false;
            int c;
            while ((c = read()) != -1) {
                if (c == '"' && csvQuotes && (quoted || fieldStart)) {
                    if (!quoted) {
                        quoted = true;
                    } else {
                        int after = read();
                        if (after == '"') {
                            buffer.append('"'); // an escaped quote: the field goes on
                        } else {
                            quoted = false;
                            pushedBack = after;
                        }
                    }
                    fieldStart = false;
                } else if ((c == '\n' || c == '\r') && !quoted) {
                    if (c == '\r') {
                        int after = read();
                        if (after != '\n' && after != -1) {
                            pushedBack = after;
                        }
                    }
                    line++;
                    break;
                } else if (c == '\n') {
                    line++;
                } else {
                    fieldStart = c == ',' && !quoted;
                }
                if (buffer.length() >= maxChars) {
                    tooLong = true;
                    // Read on from the next line break, outside quotes.
                    quoted = false;
                    continue;
                }
                buffer.append((char) c);
            }
            if (c == -1 && buffer.length() == 0 && !tooLong) {
                return null;
            }
            if (tooLong || !buffer.toString().isBlank()) {
                return new Record(buffer.toString(), start, tooLong);
            }
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        int c = reader.read();
        if (!started) {
            started = true;
            if (c == '\uFEFF') {
                c = reader.read();
            }
        }
        return c;
    }
}
