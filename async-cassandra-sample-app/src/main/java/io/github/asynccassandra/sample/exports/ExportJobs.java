package io.github.asynccassandra.sample.exports;

import io.github.asynccassandra.bulk.BulkOperations;
import io.github.asynccassandra.bulk.BulkOptions;
import io.github.asynccassandra.bulk.BulkProgress;
import io.github.asynccassandra.bulk.DataFormat;
import io.github.asynccassandra.bulk.ExportResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;

/**
 * Exports of a table to files under one directory, run in the background by the bulk module, with their
 * progress. Keeps the last {@value #KEPT} jobs and runs at most {@value #MAX_RUNNING} at once. Bounded on disk: a
 * file is deleted once it is older than the retention time ({@code sample.exports.retention}, checked every minute
 * and before each export), and no export starts while the directory holds more than
 * {@code sample.exports.max-total-size}. What a client sees of a job names no server path and no internal error:
 * the file by its name, a failure by the job's id, with its reason in the server's log.
 */
@Service
public class ExportJobs {

    private static final Logger log = LoggerFactory.getLogger(ExportJobs.class);

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
    private final Duration retention;
    private final DataSize maxTotalSize;
    private final Map<UUID, AtomicReference<Job>> jobs = new LinkedHashMap<>();

    ExportJobs(BulkOperations bulk, @Value("${sample.exports.directory}") Path directory,
            @Value("${sample.exports.retention}") Duration retention,
            @Value("${sample.exports.max-total-size}") DataSize maxTotalSize) {
        this.bulk = bulk;
        this.directory = directory.toAbsolutePath();
        this.retention = retention;
        this.maxTotalSize = maxTotalSize;
    }

    /**
     * Starts exporting {@code keyspace.table}; the job is returned at once.
     *
     * @throws TooManyExportsException when {@value #MAX_RUNNING} exports are running
     */
    public synchronized Job start(String keyspace, String table, DataFormat format) {
        if (jobs.values().stream().filter(job -> job.get().state() == State.RUNNING).count() >= MAX_RUNNING) {
            throw new TooManyExportsException(MAX_RUNNING + " exports are running; try again when one has finished");
        }
        try {
            Files.createDirectories(directory);
            long used = deleteExpired();
            if (used >= maxTotalSize.toBytes()) {
                throw new TooManyExportsException("The exports kept on the server take " + used + " bytes, the most "
                        + "they may; try again when older ones have expired (after " + retention + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the export directory", e);
        }
        UUID id = UUID.randomUUID();
        Path file = directory.resolve(table + "-" + id + "." + format.name().toLowerCase(Locale.ROOT));
        AtomicReference<Job> job = new AtomicReference<>(new Job(id, keyspace + "." + table, format.name(),
                State.RUNNING, Instant.now(), file.getFileName().toString(), null, null, null));
        jobs.put(id, job);
        forgetOldJobs();
        BulkOptions options = BulkOptions.builder().progressListener(progress -> job.updateAndGet(current ->
                new Job(id, current.table(), current.format(), current.state(), current.started(), current.file(),
                        ProgressView.of(progress), current.result(), current.error()))).build();
        bulk.export(keyspace, table, file, format, options).whenComplete((result, error) -> {
            if (error != null) {
                log.warn("Export job {} of {}.{} failed", id, keyspace, table, error);
            }
            job.updateAndGet(current -> new Job(id, current.table(), current.format(),
                    error == null ? State.DONE : State.FAILED, current.started(), current.file(), current.progress(),
                    result, error == null ? null : "The export failed; the server's log has the reason (job " + id
                            + ")"));
        });
        return job.get();
    }

    /** Deletes the exports past their retention time, every minute (and before each export). */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    public synchronized void expire() {
        try {
            if (Files.isDirectory(directory)) {
                deleteExpired();
            }
        } catch (IOException e) {
            log.warn("Cannot delete expired exports in {}", directory, e);
        }
    }

    /** Deletes the finished files older than the retention time; returns the bytes the others take. */
    private long deleteExpired() throws IOException {
        Instant expired = Instant.now().minus(retention);
        Set<String> running = new HashSet<>();
        jobs.values().forEach(job -> {
            if (job.get().state() == State.RUNNING) {
                running.add(job.get().file());
            }
        });
        long used = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                boolean ours = running.stream().anyMatch(name -> file.getFileName().toString().startsWith(name));
                if (!ours && Files.getLastModifiedTime(file).toInstant().isBefore(expired)) {
                    Files.deleteIfExists(file);
                } else {
                    used += Files.size(file);
                }
            }
        }
        return used;
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

    /** Refused: enough exports are running, or kept. */
    public static final class TooManyExportsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyExportsException(String message) {
            super(message);
        }
    }
}
