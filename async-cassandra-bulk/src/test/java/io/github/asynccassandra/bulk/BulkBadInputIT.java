package io.github.asynccassandra.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.embedded.junit.EmbeddedCassandraTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Each kind of bad input gets an error, or a reject, that names it; nothing is dropped silently. */
@EmbeddedCassandraTest
class BulkBadInputIT {

    static final String KS = "bulkbad";
    static AsyncCluster cluster;
    static AsyncCassandraSession session;
    static BulkOperations bulk;

    @TempDir
    Path files;

    @BeforeAll
    static void connect(EmbeddedCassandra cassandra) {
        cluster = BulkTables.cluster(cassandra);
        session = BulkTables.withKeyspace(cluster, KS);
        session.execute("CREATE TABLE IF NOT EXISTS " + KS + ".people (id int PRIMARY KEY, name text, born date, "
                + "tags set<text>)").join();
        bulk = BulkOperations.of(session);
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @Test
    void anUnknownKeyspaceTableOrColumnIsNamed() {
        assertThat(bulk.count("nokeyspace", "people")).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                .havingRootCause().isInstanceOf(IllegalArgumentException.class)
                .withMessageContaining("No keyspace 'nokeyspace'");
        assertThat(bulk.export(KS, "nobody", files.resolve("x.csv"), DataFormat.CSV, BulkOptions.defaults()))
                .failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingRootCause()
                .withMessageContaining("No table 'nobody' in keyspace 'bulkbad'");
        assertThat(bulk.export(KS, "people", files.resolve("x.csv"), DataFormat.CSV,
                BulkOptions.builder().columns(List.of("id", "age")).build())).failsWithin(Duration.ofSeconds(10))
                .withThrowableThat().havingRootCause()
                .withMessageContaining("No column 'age' in table bulkbad.people; it has id, born, name, tags");
    }

    @Test
    void anUnwritableTargetIsNamed() {
        Path missing = files.resolve("no/such/dir/people.csv");
        assertThat(bulk.export(KS, "people", missing, DataFormat.CSV, BulkOptions.defaults()))
                .failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingRootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .withMessageContaining("Cannot export to " + missing).withMessageContaining("does not exist");
    }

    @Test
    void anExistingFileIsNotReplacedUnlessAsked() throws Exception {
        Path existing = files.resolve("people.csv");
        Files.writeString(existing, "not ours");
        assertThat(bulk.export(KS, "people", existing, DataFormat.CSV, BulkOptions.defaults()))
                .failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingRootCause()
                .isInstanceOf(IllegalArgumentException.class).withMessageContaining("the file exists")
                .withMessageContaining("overwrite");
        assertThat(Files.readString(existing)).isEqualTo("not ours");
        assertThat(bulk.export(KS, "people", existing, DataFormat.CSV, BulkOptions.builder().overwrite(true).build())
                .join().bytes()).isEqualTo(Files.size(existing));

        Path rejects = files.resolve("kept.rejects.ndjson");
        Files.writeString(rejects, "an earlier run's rejects\n");
        BulkOptions keep = BulkOptions.builder().rejects(rejects).build();
        assertThat(bulk.load(KS, "people", existing, DataFormat.CSV, keep)).failsWithin(Duration.ofSeconds(10))
                .withThrowableThat().havingRootCause().withMessageContaining("the rejects file " + rejects + " exists");
        assertThat(Files.readString(rejects)).isEqualTo("an earlier run's rejects\n");
        assertThat(bulk.load(KS, "people", existing, DataFormat.CSV, BulkOptions.builder().rejects(rejects)
                .overwrite(true).build()).join().rejected()).isZero();
    }

    @Test
    void badCsvRecordsAreRejectedWithTheirLineAndReasonAndTheLoadGoesOn() throws Exception {
        session.execute("TRUNCATE " + KS + ".people").join();
        Path csv = files.resolve("people.csv");
        Files.writeString(csv, String.join("\n",
                "id,name,born,tags",
                "1,Ada,1815-12-10,\"[\"\"math\"\"]\"",
                "2,Bob,not a date,",
                "3,\"Multi",
                "line\",1990-01-01,",
                "4,Cy",
                "x,Dee,2000-01-01,",
                "5,\"bad\"quote,2000-01-01,",
                ",NoKey,2000-01-01,",
                "6,Eve,2001-02-03,\"[\"\"a\"\",\"\"b\"\"]\""), StandardCharsets.UTF_8);
        LoadResult result = bulk.load(KS, "people", csv, DataFormat.CSV, BulkOptions.defaults()).join();
        assertThat(result.read()).isEqualTo(8);
        assertThat(result.written()).as("written; the rejects: %s", Files.readString(result.rejectsFile()))
                .isEqualTo(3);
        assertThat(result.rejected()).isEqualTo(5);
        assertThat(result.rejectsFile()).isEqualTo(files.resolve("people.csv.rejects.ndjson").toAbsolutePath());
        List<JsonNode> rejects = Files.readAllLines(result.rejectsFile()).stream()
                .map(line -> (JsonNode) tools.jackson.databind.json.JsonMapper.shared().readTree(line)).toList();
        assertThat(rejects).extracting(r -> r.get("line").asInt()).containsExactly(3, 6, 7, 8, 9);
        assertThat(rejects.get(0).get("reason").asString()).contains("column 'born'").contains("'not a date'")
                .contains("date");
        assertThat(rejects.get(0).get("record").asString()).isEqualTo("2,Bob,not a date,");
        assertThat(rejects.get(1).get("reason").asString()).isEqualTo("the record has 2 fields, the header 4");
        assertThat(rejects.get(2).get("reason").asString()).contains("column 'id'").contains("'x' is not a int");
        assertThat(rejects.get(3).get("reason").asString()).startsWith("malformed CSV");
        assertThat(rejects.get(4).get("reason").asString()).isEqualTo("primary key column 'id' has no value");
        assertThat(session.execute("SELECT name FROM " + KS + ".people WHERE id = 3").join().one().getString(0))
                .isEqualTo("Multi\nline");
        assertThat(session.execute("SELECT tags FROM " + KS + ".people WHERE id = 6").join().one()
                .getSet(0, String.class)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void badNdjsonLinesAreRejectedToo() throws Exception {
        Path ndjson = files.resolve("people.ndjson");
        Path rejects = files.resolve("bad-people.ndjson");
        Files.writeString(ndjson, String.join("\n",
                "{\"id\": 10, \"name\": \"Ok\"}",
                "{\"id\": 11, \"name\": \"Broken\"",
                "{\"id\": 12, \"shoe\": 44}",
                "[1, 2]",
                "{\"id\": 13, \"tags\": \"not a set\"}",
                "{\"id\": 14, \"tags\": [\"x\"], \"born\": null}"), StandardCharsets.UTF_8);
        LoadResult result = bulk.load(KS, "people", ndjson, DataFormat.NDJSON, BulkOptions.builder().rejects(rejects)
                .build()).join();
        assertThat(result.written()).isEqualTo(2);
        assertThat(result.rejected()).isEqualTo(4);
        assertThat(Files.readAllLines(rejects)).hasSize(4).satisfiesExactly(
                line -> assertThat(line).contains("\"line\":2").contains("malformed JSON"),
                line -> assertThat(line).contains("\"line\":3").contains("has no column 'shoe'"),
                line -> assertThat(line).contains("\"line\":4").contains("not an object"),
                line -> assertThat(line).contains("\"line\":5").contains("column 'tags'").contains("JSON array"));
    }

    @Test
    void aCsvHeaderWithAnUnknownColumnOrWithoutTheKeyIsRefusedBeforeAnyWrite() throws Exception {
        Path unknown = files.resolve("unknown.csv");
        Files.writeString(unknown, "id,nickname\n1,x\n");
        assertThat(bulk.load(KS, "people", unknown, DataFormat.CSV, BulkOptions.defaults()))
                .failsWithin(Duration.ofSeconds(20)).withThrowableThat().havingRootCause()
                .withMessageContaining("the header names a column 'nickname' that table bulkbad.people does not have");
        Path keyless = files.resolve("keyless.csv");
        Files.writeString(keyless, "name\nx\n");
        assertThat(bulk.load(KS, "people", keyless, DataFormat.CSV, BulkOptions.defaults()))
                .failsWithin(Duration.ofSeconds(20)).withThrowableThat().havingRootCause()
                .withMessageContaining("the header lacks primary key column(s) [id]");
        assertThat(bulk.load(KS, "people", files.resolve("absent.csv"), DataFormat.CSV, BulkOptions.defaults()))
                .failsWithin(Duration.ofSeconds(20)).withThrowableThat().havingRootCause()
                .withMessageContaining("there is no such file");
    }

    @Test
    void fromAStreamWithoutARejectsFileTheFirstBadRecordStopsTheLoadNamingIt() {
        byte[] csv = "id,name\n20,a\n21\n22,c\n".getBytes(StandardCharsets.UTF_8);
        assertThat(bulk.load(KS, "people", new ByteArrayInputStream(csv), DataFormat.CSV, BulkOptions.defaults()))
                .failsWithin(Duration.ofSeconds(20)).withThrowableThat().havingRootCause()
                .withMessageContaining("Line 3 of the stream: the record has 1 fields, the header 2")
                .withMessageContaining("BulkOptions.rejects");
    }
}
