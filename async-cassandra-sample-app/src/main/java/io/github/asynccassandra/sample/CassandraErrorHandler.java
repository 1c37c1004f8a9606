package io.github.asynccassandra.sample;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import io.github.asynccassandra.exceptions.AsyncCassandraException;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.sample.users.InvalidUserException;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Every error as a problem-details body, never a stack trace: 400 for bad input (validation, parsing),
 * 503 with {@code Retry-After} when Cassandra is unavailable or a write's outcome is unknown (no node,
 * not enough replicas, timeouts, overload, an unknown lightweight-transaction outcome), 500 for anything
 * else, logged.
 */
@RestControllerAdvice
class CassandraErrorHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CassandraErrorHandler.class);

    @ExceptionHandler(InvalidUserException.class)
    ResponseEntity<ProblemDetail> invalidInput(InvalidUserException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
    }

    /** Seconds a client should wait before it tries a 503 again. */
    static final String RETRY_AFTER_SECONDS = "1";

    /**
     * Cassandra's errors, and any other that escaped: an {@code IllegalArgumentException} here is a bug
     * (bad input was answered before it got this far), so it is a 500 and logged.
     */
    @ExceptionHandler({DriverException.class, AsyncCassandraException.class, CompletionException.class,
            IllegalArgumentException.class})
    ResponseEntity<ProblemDetail> cassandraError(Exception e) {
        Throwable error = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (error instanceof InvalidUserException invalid) {
            return invalidInput(invalid);
        }
        if (isUnknownWriteOutcome(error)) {
            log.warn("Cassandra write outcome unknown: {}", error.toString());
            return retryLater(problem(HttpStatus.SERVICE_UNAVAILABLE, "Write outcome unknown",
                    "The write may or may not have been applied (" + error.getClass().getSimpleName()
                            + "); read it back, or retry if the request is idempotent."));
        }
        if (isUnavailable(error)) {
            log.warn("Cassandra unavailable: {}", error.toString());
            return retryLater(problem(HttpStatus.SERVICE_UNAVAILABLE, "Cassandra unavailable",
                    "The database is unavailable (" + error.getClass().getSimpleName() + "); try again later."));
        }
        log.error("Request failed", error);
        boolean cassandra = error instanceof DriverException || error instanceof AsyncCassandraException;
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, cassandra ? "Cassandra error" : "Internal error",
                (cassandra ? "The database request" : "The request") + " failed (" + error.getClass().getSimpleName()
                        + ").");
    }

    /** Names each field at fault, rather than Spring's bare "Invalid request content." */
    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException e,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        String detail = e.getFieldErrors().stream().map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted().collect(Collectors.joining("; "));
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail.isEmpty() ? e.getReason() : detail);
        body.setTitle("Invalid request");
        return handleExceptionInternal(e, body, headers, status, exchange);
    }

    /** Says which parameter was wrong, rather than Spring's bare "Type mismatch." */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException e,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (e.getCause() instanceof TypeMismatchException mismatch && e.getMethodParameter() != null) {
            ProblemDetail body = ProblemDetail.forStatusAndDetail(status, "'"
                    + e.getMethodParameter().getParameterName() + "' must be a "
                    + (mismatch.getRequiredType() == null ? "valid value"
                            : mismatch.getRequiredType().getSimpleName())
                    + ", was '" + mismatch.getValue() + "'");
            body.setTitle("Invalid request");
            return handleExceptionInternal(e, body, headers, status, exchange);
        }
        return super.handleServerWebInputException(e, headers, status, exchange);
    }

    /** A write that timed out, or a lightweight transaction whose outcome Cassandra could not tell. */
    static boolean isUnknownWriteOutcome(Throwable error) {
        return error instanceof WriteTimeoutException || error instanceof CASWriteUnknownException;
    }

    static boolean isUnavailable(Throwable error) {
        return error instanceof AllNodesFailedException || error instanceof UnavailableException
                || error instanceof QueryConsistencyException || error instanceof DriverTimeoutException
                || error instanceof RequestThrottlingException || error instanceof ConnectionException;
    }

    private static ResponseEntity<ProblemDetail> retryLater(ResponseEntity<ProblemDetail> response) {
        return ResponseEntity.status(response.getStatusCode()).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(response.getBody());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        return ResponseEntity.status(status).body(body);
    }
}
