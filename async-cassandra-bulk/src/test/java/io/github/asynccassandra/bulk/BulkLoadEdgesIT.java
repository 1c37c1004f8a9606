package io.github.asynccassandra.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input as it arrives from outside: through pipes, from spreadsheets, with stray quotes and values the server refuses. */
@EmbeddedCassandraTest
class BulkLoadEdgesIT {

    static final String KS = "bulkedges";
    static AsyncCluster cluster;
    static AsyncCassandraSession session;
    static BulkOperations bulk;

    @TempDir
    Path files;

    @BeforeAll
    static void connect(EmbeddedCassandra cassandra) {
        cluster = BulkTables.cluster(cassandra);
        session = BulkTables.withKeyspace(cluster, KS);
        bulk = BulkOperations.of(session);
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    /**
     * What {@code export -f - --gzip | load -f - --gzip} hands the load: one gzip member for the header, one per range,
     * each arriving when the writer gets to it. Between two members the pipe is empty ({@code available() == 0}), which
     * the JDK's {@code GZIPInputStream} (before JDK 23) took for the end of the input.
     */
    @Test
    void aGzipStreamFromASlowPipeLoadsEveryMember() throws Exception {
        BulkTables.createEmpty(session, BulkTables.EMPTY, KS, "piped");
        List<byte[]> members = new ArrayList<>();
        members.add(gzip("k,v\n"));
        for (int member = 0; member < 10; member++) {
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                int k = member * 100 + i;
                rows.append(k).append(",value ").append(k).append('\n');
            }
            members.add(gzip(rows.toString()));
        }
        LoadResult result = bulk.load(KS, "piped", new MemberByMemberPipe(members), DataFormat.CSV,
                BulkOptions.builder().rejects(files.resolve("piped.rejects")).build()).join();
        assertThat(result.read()).isEqualTo(1000);
        assertThat(result.written()).isEqualTo(1000);
        assertThat(BulkTables.rows(session, KS, "piped")).hasSize(1000);
    }

    @Test
    void aByteOrderMarkBeforeACsvHeaderOrAnNdjsonLineIsSkipped() throws Exception {
        BulkTables.createEmpty(session, BulkTables.EMPTY, KS, "marked");
        Path csv = files.resolve("excel.csv");
        Files.writeString(csv, "\uFEFFk,v\r\n1,from Excel\r\n", StandardCharsets.UTF_8);
        LoadResult fromCsv = bulk.load(KS, "marked", csv, DataFormat.CSV, BulkOptions.defaults()).join();
        assertThat(fromCsv.written()).isEqualTo(1);
        assertThat(fromCsv.rejected()).isZero();

        Path ndjson = files.resolve("marked.ndjson");
        Files.writeString(ndjson, "\uFEFF{\"k\": 2, \"v\": \"first line\"}\n", StandardCharsets.UTF_8);
        LoadResult fromJson = bulk.load(KS, "marked", ndjson, DataFormat.NDJSON, BulkOptions.defaults()).join();
        assertThat(fromJson.written()).isEqualTo(1);
        assertThat(fromJson.rejected()).isZero();
        assertThat(session.execute("SELECT v FROM " + KS + ".marked WHERE k = 2").join().one().getString(0))
                .isEqualTo("first line");
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsDataAndTheLinesAfterItAreRecords() throws Exception {
        BulkTables.createEmpty(session, BulkTables.EMPTY, KS, "quoted");
        Path csv = files.resolve("quotes.csv");
        Files.writeString(csv, String.join("\n", "k,v", "1,5\" tv", "2,b", "3,\"c, quoted\"", "4,d"),
                StandardCharsets.UTF_8);
        LoadResult result = bulk.load(KS, "quoted", csv, DataFormat.CSV, BulkOptions.defaults()).join();
        assertThat(result.read()).isEqualTo(4);
        assertThat(result.read()).isEqualTo(result.written() + result.rejected());
        assertThat(result.written()).isEqualTo(4);
        assertThat(session.execute("SELECT v FROM " + KS + ".quoted WHERE k = 1").join().one().getString(0))
                .isEqualTo("5\" tv");
        assertThat(session.execute("SELECT v FROM " + KS + ".quoted WHERE k = 3").join().one().getString(0))
                .isEqualTo("c, quoted");
    }

    @Test
    void aRecordTheServerRefusesIsRejectedWithItsReasonAndTheLoadGoesOn() throws Exception {
        session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".named (name text PRIMARY KEY, v int)").join();
        Path csv = files.resolve("named.csv");
        Files.writeString(csv, String.join("\n", "name,v", "a,1", "\"\",2", "c,3"), StandardCharsets.UTF_8);
        LoadResult result = bulk.load(KS, "named", csv, DataFormat.CSV, BulkOptions.defaults()).join();
        assertThat(result.read()).isEqualTo(3);
        assertThat(result.written()).isEqualTo(2);
        assertThat(result.rejected()).isEqualTo(1);
        assertThat(Files.readAllLines(result.rejectsFile())).singleElement().satisfies(line -> assertThat(line)
                .contains("\"line\":3").contains("refused").contains("Key may not be empty"));
        assertThat(session.execute("SELECT v FROM " + KS + ".named WHERE name = 'c'").join().one().getInt(0))
                .isEqualTo(3);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** A pipe whose writer sends one gzip member at a time: a read never crosses a member, nothing is ever available. */
    private static final class MemberByMemberPipe extends InputStream {
        private final List<byte[]> members;
        private int member;
        private int offset;

        MemberByMemberPipe(List<byte[]> members) {
            this.members = members;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (member == members.size()) {
                return -1;
            }
            byte[] current = members.get(member);
            int n = Math.min(len, current.length - offset);
            System.arraycopy(current, offset, b, off, n);
            offset += n;
            if (offset == current.length) {
                member++;
                offset = 0;
            }
            return n;
        }

        @Override
        public int available() {
            return 0;
        }
    }
}
