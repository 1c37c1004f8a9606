package io.github.asynccassandra.sample;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import io.github.asynccassandra.exceptions.AsyncCassandraException;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.sample.users.InvalidUserException;
import java.util.concurrent.CompletionException;
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
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Every error as a problem-details body, never a stack trace: 400 for bad input, 503 when Cassandra
 * is unavailable (no node, not enough replicas, timeouts, overload), 500 for other Cassandra errors.
 */
@RestControllerAdvice
class CassandraErrorHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CassandraErrorHandler.class);

    @ExceptionHandler(InvalidUserException.class)
    ResponseEntity<ProblemDetail> invalidInput(InvalidUserException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
    }

    @ExceptionHandler({DriverException.class, AsyncCassandraException.class, CompletionException.class,
            IllegalArgumentException.class})
    ResponseEntity<ProblemDetail> cassandraError(Exception e) {
        Throwable error = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (error instanceof IllegalArgumentException) {
            // The session rejects bad arguments (such as a paging state from another query) this way.
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", error.getMessage());
        }
        if (isUnavailable(error)) {
            log.warn("Cassandra unavailable: {}", error.toString());
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "Cassandra unavailable",
                    "The database is unavailable (" + error.getClass().getSimpleName() + "); try again later.");
        }
        log.error("Cassandra request failed", error);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Cassandra error",
                "The database request failed (" + error.getClass().getSimpleName() + ").");
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

    static boolean isUnavailable(Throwable error) {
        return error instanceof AllNodesFailedException || error instanceof UnavailableException
                || error instanceof QueryConsistencyException || error instanceof DriverTimeoutException
                || error instanceof RequestThrottlingException || error instanceof ConnectionException;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        return ResponseEntity.status(status).body(body);
    }
}
