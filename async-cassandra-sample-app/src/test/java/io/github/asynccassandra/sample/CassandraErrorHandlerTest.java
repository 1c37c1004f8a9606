package io.github.asynccassandra.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import io.github.asynccassandra.exceptions.ConnectionException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Which Cassandra errors mean "try again later" (503) and which are bugs (500). */
class CassandraErrorHandlerTest {

    private final CassandraErrorHandler handler = new CassandraErrorHandler();

    @Test
    void availabilityProblemsAre503() {
        assertThat(status(new NoNodeAvailableException())).isEqualTo(503);
        assertThat(status(new UnavailableException(null, ConsistencyLevel.QUORUM, 2, 1))).isEqualTo(503);
        assertThat(status(new WriteTimeoutException(null, ConsistencyLevel.QUORUM, 1, 2, WriteType.SIMPLE)))
                .isEqualTo(503);
        assertThat(status(new DriverTimeoutException("Query timed out after PT2S"))).isEqualTo(503);
        assertThat(status(new ConnectionException("Session is closed"))).isEqualTo(503);
        assertThat(status(new CompletionException(new NoNodeAvailableException()))).isEqualTo(503);
    }

    @Test
    void otherCassandraErrorsAre500WithoutDetailsOfTheQuery() {
        ResponseEntity<ProblemDetail> response = handler.cassandraError(
                new InvalidQueryException(null, "Undefined column name secret_column"));
        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(response.getBody().getDetail()).isEqualTo("The database request failed (InvalidQueryException).");
        assertThat(status(new SyntaxError(null, "line 1:0 no viable alternative"))).isEqualTo(500);
    }

    @Test
    void anIllegalArgumentThatGotThisFarIsABugAnd500() {
        assertThat(status(new IllegalArgumentException("something unforeseen"))).isEqualTo(500);
        assertThat(handler.cassandraError(new IllegalArgumentException("secret")).getBody().getDetail())
                .isEqualTo("The request failed (IllegalArgumentException).");
    }

    @Test
    void unknownWriteOutcomesAre503WithRetryAfter() {
        for (Exception unknown : new Exception[] {
            new WriteTimeoutException(null, ConsistencyLevel.SERIAL, 0, 1, WriteType.CAS),
            new CASWriteUnknownException(null, ConsistencyLevel.SERIAL, 0, 1)}) {
            ResponseEntity<ProblemDetail> response = handler.cassandraError(unknown);
            assertThat(response.getStatusCode().value()).isEqualTo(503);
            assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(response.getBody().getTitle()).isEqualTo("Write outcome unknown");
        }
        assertThat(handler.cassandraError(new NoNodeAvailableException()).getHeaders().getFirst("Retry-After"))
                .isEqualTo("1");
    }

    private int status(Exception error) {
        return handler.cassandraError(error).getStatusCode().value();
    }
}
