package io.github.asynccassandra.sample.exports;

import io.github.asynccassandra.bulk.BulkOperations;
import io.github.asynccassandra.bulk.BulkOptions;
import io.github.asynccassandra.bulk.BulkProgress;
import io.github.asynccassandra.bulk.DataFormat;
import io.github.asynccassandra.bulk.ExportResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Exports of a table to files under one directory, run in the background by the bulk module, with their
 * progress. Keeps the last {@value #KEPT} jobs and runs at most {@value #MAX_RUNNING} at once.
 */
@Service
public class ExportJobs {

    static final int KEPT = 20;
    static final int MAX_RUNNING = 2;

    /** What a job is doing. */
    public enum State { RUNNING, DONE, FAILED }

    /** A job as the API shows it. */
    public record Job(UUID id, String table, String format, State state, Instant started, String file,
            ProgressView progress, ExportResult result, String error) {
    }

    /** The last progress a job reported. */
    public record ProgressView(int rangesDone, int rangesTotal, long rows, double fractionDone,
            Long etaSeconds) {
        static ProgressView of(BulkProgress progress) {
            return new ProgressView(progress.rangesDone(), progress.rangesTotal(), progress.rows(),
                    progress.fractionDone(), progress.eta() == null ? null : progress.eta().toSeconds());
        }
    }

    private final BulkOperations bulk;
    private final Path directory;
    private final Map<UUID, AtomicReference<Job>> jobs = new LinkedHashMap<>();

    ExportJobs(BulkOperations bulk, @Value("${sample.exports.directory:target/exports}") Path directory) {
        this.bulk = bulk;
        this.directory = directory.toAbsolutePath();
    }

    /**
     * Starts exporting {@code keyspace.table}; the job is returned at once.
     *
     * @throws TooManyExportsException when {@value #MAX_RUNNING} exports are running
     */
    public synchronized Job start(String keyspace, String table, DataFormat format) {
        if (jobs.values().stream().filter(job -> job.get().state() == State.RUNNING).count() >= MAX_RUNNING) {
            throw new TooManyExportsException(MAX_RUNNING);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the export directory " + directory, e);
        }
        UUID id = UUID.randomUUID();
        Path file = directory.resolve(table + "-" + id + "." + format.name().toLowerCase(Locale.ROOT));
        AtomicReference<Job> job = new AtomicReference<>(new Job(id, keyspace + "." + table, format.name(),
                State.RUNNING, Instant.now(), file.toString(), null, null, null));
        jobs.put(id, job);
        forgetOldJobs();
        BulkOptions options = BulkOptions.builder().progressListener(progress -> job.updateAndGet(current ->
                new Job(id, current.table(), current.format(), current.state(), current.started(), current.file(),
                        ProgressView.of(progress), current.result(), current.error()))).build();
        bulk.export(keyspace, table, file, format, options).whenComplete((result, error) -> job.updateAndGet(
                current -> new Job(id, current.table(), current.format(), error == null ? State.DONE : State.FAILED,
                        current.started(), current.file(), current.progress(), result,
                        error == null ? null : rootMessage(error))));
        return job.get();
    }

    public synchronized Optional<Job> find(UUID id) {
        return Optional.ofNullable(jobs.get(id)).map(AtomicReference::get);
    }

    /** Drops the oldest finished jobs beyond {@value #KEPT}. */
    private void forgetOldJobs() {
        List<UUID> finished = new ArrayList<>();
        jobs.forEach((id, job) -> {
            if (job.get().state() != State.RUNNING) {
                finished.add(id);
            }
        });
        for (int i = 0; jobs.size() > KEPT && i < finished.size(); i++) {
            jobs.remove(finished.get(i));
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** Refused: enough exports are running. */
    public static final class TooManyExportsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyExportsException(int running) {
            super(running + " exports are running; try again when one has finished");
        }
    }
}
