package io.github.asynccassandra.bulk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordSplitterTest {

    @Test
    void csvRecordsEndAtLineBreaksOutsideQuotesAndKeepTheirStartLine() throws IOException {
        String csv = "id,v\r\n1,\"two\r\nlines\"\n\n2,\"say \"\"hi\"\"\"\r3,x";
        assertThat(split(csv, true, 1000)).containsExactly(
                new RecordSplitter.Record("id,v", 1, false),
                new RecordSplitter.Record("1,\"two\r\nlines\"", 2, false),
                new RecordSplitter.Record("2,\"say \"\"hi\"\"\"", 5, false),
                new RecordSplitter.Record("3,x", 6, false));
    }

    @Test
    void anUnclosedQuoteIsCutAtTheLimitAndReadingGoesOnAtTheNextLine() throws IOException {
        List<RecordSplitter.Record> records = split("1,\"never closed\n2,ok\n3,ok", true, 10);
        assertThat(records).hasSize(3);
        assertThat(records.get(0).tooLong()).isTrue();
        assertThat(records.get(0).line()).isEqualTo(1);
        assertThat(records.subList(1, 3)).containsExactly(new RecordSplitter.Record("2,ok", 2, false),
                new RecordSplitter.Record("3,ok", 3, false));
    }

    @Test
    void ndjsonRecordsAreLines() throws IOException {
        assertThat(split("{\"a\":\"x\\\"\"}\n{\"a\":2}\n", false, 1000)).extracting(RecordSplitter.Record::text)
                .containsExactly("{\"a\":\"x\\\"\"}", "{\"a\":2}");
    }

    private static List<RecordSplitter.Record> split(String text, boolean csv, int max) throws IOException {
        RecordSplitter splitter = new RecordSplitter(new StringReader(text), csv, max);
        List<RecordSplitter.Record> records = new ArrayList<>();
        for (RecordSplitter.Record record; (record = splitter.next()) != null; ) {
            records.add(record);
        }
        return records;
    }
}
