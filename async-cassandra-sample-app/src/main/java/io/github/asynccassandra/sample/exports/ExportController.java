package io.github.asynccassandra.sample.exports;

import io.github.asynccassandra.bulk.DataFormat;
import io.github.asynccassandra.sample.users.UserRepository;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Admin API: {@code POST /admin/exports/users?format=csv|ndjson} starts an export of the users table
 * to a file in the background (202 with the job and its {@code Location}); {@code GET
 * /admin/exports/{id}} shows its state and progress.
 */
@RestController
@RequestMapping("/admin/exports")
class ExportController {

    private final ExportJobs jobs;

    ExportController(ExportJobs jobs) {
        this.jobs = jobs;
    }

    @PostMapping("/users")
    ResponseEntity<ExportJobs.Job> exportUsers(@RequestParam(defaultValue = "csv") String format) {
        DataFormat dataFormat;
        try {
            dataFormat = DataFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "format must be csv or ndjson, was '" + format
                    + "'");
        }
        ExportJobs.Job job = jobs.start(UserRepository.KEYSPACE, "users", dataFormat);
        return ResponseEntity.accepted().location(URI.create("/admin/exports/" + job.id())).body(job);
    }

    @GetMapping("/{id}")
    ExportJobs.Job job(@PathVariable UUID id) {
        return jobs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No export job " + id + " (the last " + ExportJobs.KEPT + " are kept)"));
    }

    @ExceptionHandler(ExportJobs.TooManyExportsException.class)
    ProblemDetail tooMany(ExportJobs.TooManyExportsException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
    }
}
