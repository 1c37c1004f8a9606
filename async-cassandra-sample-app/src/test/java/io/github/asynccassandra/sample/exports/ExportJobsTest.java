package io.github.asynccassandra.sample.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.cql.Row;
import io.github.asynccassandra.bulk.BulkOperations;
import io.github.asynccassandra.bulk.BulkOptions;
import io.github.asynccassandra.bulk.DataFormat;
import io.github.asynccassandra.bulk.ExportResult;
import io.github.asynccassandra.bulk.LoadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Export files on the server's disk are bounded: by age, by total size; and a job's status tells no server detail. */
class ExportJobsTest {

    @TempDir
    Path directory;

    @Test
    void filesPastTheirRetentionAreDeletedAndNoExportStartsPastTheCap() throws Exception {
        ExportJobs jobs = new ExportJobs(new WritingBulk(600), directory, Duration.ofHours(1), DataSize.ofBytes(1000));
        ExportJobs.Job first = jobs.start("sample", "users", DataFormat.CSV);
        assertThat(first.file()).as("a name, not a server path").doesNotContain("/").endsWith(".csv");
        Path file = directory.resolve(first.file());
        assertThat(jobs.find(first.id()).orElseThrow().state()).isEqualTo(ExportJobs.State.DONE);
        jobs.start("sample", "users", DataFormat.CSV);

        assertThatThrownBy(() -> jobs.start("sample", "users", DataFormat.CSV))
                .isInstanceOf(ExportJobs.TooManyExportsException.class).hasMessageContaining("1200 bytes");

        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        jobs.expire();
        assertThat(file).doesNotExist();
        assertThat(Files.list(directory).count()).isEqualTo(1);
        assertThat(jobs.start("sample", "users", DataFormat.CSV).state()).isEqualTo(ExportJobs.State.DONE);
    }

    @Test
    void aFailedJobSaysItFailedWithoutTheInternalReason() {
        ExportJobs jobs = new ExportJobs(new FailingBulk(), directory, Duration.ofHours(1), DataSize.ofMegabytes(1));
        ExportJobs.Job job = jobs.start("sample", "users", DataFormat.CSV);
        ExportJobs.Job failed = jobs.find(job.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(ExportJobs.State.FAILED);
        assertThat(failed.error()).contains(job.id().toString()).doesNotContain("/secret/path")
                .doesNotContain("Exception");
    }

    /** Completes each export at once, having written {@code bytes} bytes. */
    private static final class WritingBulk extends UnusedBulk {
        private final int bytes;

        WritingBulk(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public CompletableFuture<ExportResult> export(String keyspace, String table, Path file, DataFormat format,
                BulkOptions options) {
            try {
                Files.write(file, new byte[bytes]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return CompletableFuture.completedFuture(new ExportResult(1, bytes, 1, 0, Duration.ZERO));
        }
    }

    private static final class FailingBulk extends UnusedBulk {
        @Override
        public CompletableFuture<ExportResult> export(String keyspace, String table, Path file, DataFormat format,
                BulkOptions options) {
            return CompletableFuture.failedFuture(new IllegalStateException("Cannot write /secret/path/users.csv"));
        }
    }

    private abstract static class UnusedBulk implements BulkOperations {
        @Override
        public CompletableFuture<Long> count(String keyspace, String table, BulkOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Flow.Publisher<Row> scan(String keyspace, String table, BulkOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<ExportResult> export(String keyspace, String table, OutputStream out,
                DataFormat format, BulkOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<LoadResult> load(String keyspace, String table, Path file, DataFormat format,
                BulkOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<LoadResult> load(String keyspace, String table, InputStream in, DataFormat format,
                BulkOptions options) {
            throw new UnsupportedOperationException();
        }
    }
}
