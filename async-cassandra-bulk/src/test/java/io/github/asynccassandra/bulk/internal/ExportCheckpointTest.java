package io.github.asynccassandra.bulk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCheckpointTest {

    @TempDir
    Path files;

    /** A crash mid-write leaves half a line: the next record must not be glued to it, and so lost. */
    @Test
    void aTornLastLineIsCutOffSoTheNextRecordIsReadBack() throws Exception {
        Path file = files.resolve("export.checkpoint");
        ExportCheckpoint.Plan plan = new ExportCheckpoint.Plan("ks", "t", "CSV", false, List.of("k"), null,
                "/out.csv", List.of(List.of("0", "1"), List.of("1", "2"), List.of("2", "3")), 4);
        try (ExportCheckpoint checkpoint = ExportCheckpoint.create(file, plan)) {
            checkpoint.rangeDone(0, 10, 2);
        }
        Files.writeString(file, "{\"range\":1,\"en", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (ExportCheckpoint resumed = ExportCheckpoint.open(file)) {
            assertThat(resumed.isDone(1)).isFalse();
            resumed.rangeDone(2, 20, 3);
        }
        try (ExportCheckpoint again = ExportCheckpoint.open(file)) {
            assertThat(again.isDone(0)).isTrue();
            assertThat(again.isDone(2)).as("the range recorded after the torn line").isTrue();
            assertThat(again.end()).isEqualTo(20);
        }
    }
}
