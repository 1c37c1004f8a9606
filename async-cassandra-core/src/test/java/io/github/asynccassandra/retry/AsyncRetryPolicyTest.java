package io.github.asynccassandra.retry;

import static com.datastax.oss.driver.api.core.retry.RetryDecision.RETHROW;
import static com.datastax.oss.driver.api.core.retry.RetryDecision.RETRY_NEXT;
import static com.datastax.oss.driver.api.core.retry.RetryDecision.RETRY_SAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.retry.RetryDecision;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every verdict of the policy, for simple, bound-like and batch statements and every idempotence. */
@SuppressWarnings("deprecation")
class AsyncRetryPolicyTest {

    private static final ConsistencyLevel QUORUM = DefaultConsistencyLevel.QUORUM;
    private final AsyncRetryPolicy policy = new AsyncRetryPolicy(3);

    /** A write and a read in each statement form, with each idempotence: TRUE, FALSE, null. */
    static Stream<Arguments> statements() {
        List<Arguments> all = new ArrayList<>();
        for (Boolean idempotent : new Boolean[] {Boolean.TRUE, Boolean.FALSE, null}) {
            all.add(Arguments.of("simple write", SimpleStatement.newInstance("INSERT INTO t (k) VALUES (1)")
                    .setIdempotent(idempotent), idempotent, true));
            all.add(Arguments.of("simple read", SimpleStatement.newInstance("SELECT * FROM t")
                    .setIdempotent(idempotent), idempotent, false));
            all.add(Arguments.of("batch", BatchStatement.newInstance(DefaultBatchType.LOGGED,
                    SimpleStatement.newInstance("UPDATE t SET v = 1 WHERE k = 1")).setIdempotent(idempotent),
                    idempotent, true));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, idempotent={2}")
    @MethodSource("statements")
    void readTimeoutRetriesWhenDataOrEnoughReplicasCame(String name, Statement<?> statement, Boolean idempotent,
            boolean write) {
        assertThat(policy.onReadTimeout(statement, QUORUM, 2, 2, false, 0)).isEqualTo(RETRY_SAME);
        assertThat(policy.onReadTimeout(statement, QUORUM, 2, 1, true, 0)).isEqualTo(RETRY_SAME);
        assertThat(policy.onReadTimeout(statement, QUORUM, 2, 1, false, 0)).isEqualTo(RETHROW);
        assertThat(policy.onReadTimeout(statement, QUORUM, 2, 2, true, 2)).isEqualTo(RETRY_SAME);
        assertThat(policy.onReadTimeout(statement, QUORUM, 2, 2, true, 3)).isEqualTo(RETHROW);
        assertThat(policy.onReadTimeout(statement, QUORUM, 2, 2, true, 4)).isEqualTo(RETHROW);
    }

    @ParameterizedTest(name = "{0}, idempotent={2}")
    @MethodSource("statements")
    void writeTimeoutRetriesOnlyExplicitlyIdempotentSimpleAndBatchWrites(String name, Statement<?> statement,
            Boolean idempotent, boolean write) {
        RetryDecision expected = Boolean.TRUE.equals(idempotent) ? RETRY_SAME : RETHROW;
        for (WriteType type : DefaultWriteType.values()) {
            boolean retryableType = type == WriteType.SIMPLE || type == WriteType.BATCH
                    || type == WriteType.UNLOGGED_BATCH;
            assertThat(policy.onWriteTimeout(statement, QUORUM, type, 2, 1, 0))
                    .as("%s write type %s", name, type).isEqualTo(retryableType ? expected : RETHROW);
            assertThat(policy.onWriteTimeout(statement, QUORUM, type, 2, 1, 3)).isEqualTo(RETHROW);
        }
    }

    @ParameterizedTest(name = "{0}, idempotent={2}")
    @MethodSource("statements")
    void unavailableTriesTheNextNodeThenTheSame(String name, Statement<?> statement, Boolean idempotent,
            boolean write) {
        assertThat(policy.onUnavailable(statement, QUORUM, 2, 1, 0)).isEqualTo(RETRY_NEXT);
        assertThat(policy.onUnavailable(statement, QUORUM, 2, 1, 1)).isEqualTo(RETRY_SAME);
        assertThat(policy.onUnavailable(statement, QUORUM, 2, 1, 2)).isEqualTo(RETRY_SAME);
        assertThat(policy.onUnavailable(statement, QUORUM, 2, 1, 3)).isEqualTo(RETHROW);
    }

    @ParameterizedTest(name = "{0}, idempotent={2}")
    @MethodSource("statements")
    void requestErrorsTryTheNextNodeExceptForWritesNotExplicitlyIdempotent(String name, Statement<?> statement,
            Boolean idempotent, boolean write) {
        RetryDecision expected = write && !Boolean.TRUE.equals(idempotent) ? RETHROW : RETRY_NEXT;
        assertThat(policy.onRequestAborted(statement, new RuntimeException("aborted"), 0)).isEqualTo(expected);
        assertThat(policy.onErrorResponse(statement, new OverloadedException(null), 0)).isEqualTo(expected);
        assertThat(policy.onRequestAborted(statement, new RuntimeException("aborted"), 3)).isEqualTo(RETHROW);
        assertThat(policy.onErrorResponse(statement, new OverloadedException(null), 3)).isEqualTo(RETHROW);
    }

    @ParameterizedTest
    @EnumSource(DefaultWriteType.class)
    void zeroRetriesNeverRetries(DefaultWriteType type) {
        AsyncRetryPolicy none = new AsyncRetryPolicy(0);
        SimpleStatement idempotentWrite = SimpleStatement.newInstance("INSERT INTO t (k) VALUES (1)").setIdempotent(true);
        assertThat(none.onWriteTimeout(idempotentWrite, QUORUM, type, 2, 1, 0)).isEqualTo(RETHROW);
        assertThat(none.onReadTimeout(idempotentWrite, QUORUM, 2, 2, true, 0)).isEqualTo(RETHROW);
        assertThat(none.onUnavailable(idempotentWrite, QUORUM, 2, 1, 0)).isEqualTo(RETHROW);
    }

    @Test
    void verdictMethodsTheDriverCallsAgreeWithTheDecisions() {
        SimpleStatement write = SimpleStatement.newInstance("INSERT INTO t (k) VALUES (1)");
        assertThat(policy.onWriteTimeoutVerdict(write, QUORUM, WriteType.SIMPLE, 2, 1, 0).getRetryDecision())
                .isEqualTo(RETHROW);
        assertThat(policy.onUnavailableVerdict(write, QUORUM, 2, 1, 0).getRetryDecision()).isEqualTo(RETRY_NEXT);
    }

    @Test
    void unsetIdempotenceFollowsTheProfilesDefaultAndAnExplicitValueWins() {
        AsyncRetryPolicy idempotentByDefault = new AsyncRetryPolicy(3, true);
        SimpleStatement unset = SimpleStatement.newInstance("INSERT INTO t (k) VALUES (1)");
        assertThat(idempotentByDefault.onWriteTimeout(unset, QUORUM, WriteType.SIMPLE, 2, 1, 0)).isEqualTo(RETRY_SAME);
        assertThat(idempotentByDefault.onRequestAborted(unset, new RuntimeException("closed"), 0)).isEqualTo(RETRY_NEXT);
        assertThat(idempotentByDefault.onWriteTimeout(unset.setIdempotent(false), QUORUM, WriteType.SIMPLE, 2, 1, 0))
                .isEqualTo(RETHROW);
        assertThat(policy.onWriteTimeout(unset, QUORUM, WriteType.SIMPLE, 2, 1, 0)).isEqualTo(RETHROW);
        assertThat(policy.onWriteTimeout(unset.setIdempotent(true), QUORUM, WriteType.SIMPLE, 2, 1, 0))
                .isEqualTo(RETRY_SAME);
    }

    @Test
    void negativeMaxRetriesIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AsyncRetryPolicy(-1)).withMessageContaining("maxRetries");
    }
}
