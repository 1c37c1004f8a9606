package io.github.asynccassandra.retry;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverOption;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.retry.RetryDecision;
import com.datastax.oss.driver.api.core.retry.RetryPolicy;
import com.datastax.oss.driver.api.core.servererrors.CoordinatorException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import com.datastax.oss.driver.api.core.session.Request;
import io.github.asynccassandra.internal.Statements;
import io.github.asynccassandra.metrics.QueryKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default retry policy of {@code AsyncCluster}: retries what is safe to retry and nothing else.
 *
 * <ul>
 *   <li><b>Read timeout</b>: retried on the same node when data was retrieved or enough replicas
 *       answered.
 *   <li><b>Write timeout</b>: retried only for {@code SIMPLE}, {@code BATCH} and
 *       {@code UNLOGGED_BATCH} writes, and only when the statement is idempotent.
 *   <li><b>Idempotence</b>: the statement's own {@code isIdempotent()} when set; when it is {@code null},
 *       the execution profile's {@code basic.request.default-idempotence} (false unless configured), as the
 *       driver itself decides.
 *   <li><b>Unavailable</b>: the next node on the first attempt, then the same node.
 *   <li><b>Request aborted or error response</b>: the next node, except for a write that is not
 *       idempotent, which is never retried.
 * </ul>
 *
 * <p>Never more than {@code maxRetries} retries (default 3), set with the builder or with the driver
 * option {@value #MAX_RETRIES_PATH}. Every decision is logged at debug level.
 */
public class AsyncRetryPolicy implements RetryPolicy {

    /** Driver configuration path of the retry limit, read per execution profile. */
    public static final String MAX_RETRIES_PATH = "advanced.retry-policy.max-retries";
    /** The driver option of {@link #MAX_RETRIES_PATH}. */
    public static final DriverOption MAX_RETRIES_OPTION = () -> MAX_RETRIES_PATH;
    /** Retries allowed when none is configured. */
    public static final int DEFAULT_MAX_RETRIES = 3;

    private static final Logger log = LoggerFactory.getLogger(AsyncRetryPolicy.class);

    private final int maxRetries;
    private final boolean defaultIdempotence;

    /**
     * The constructor the driver calls, once per execution profile: reads {@value #MAX_RETRIES_PATH} and
     * {@code basic.request.default-idempotence} from that profile.
     *
     * @param context the context
     * @param profileName the profile name
     */
    public AsyncRetryPolicy(DriverContext context, String profileName) {
        this(context.getConfig().getProfile(profileName).getInt(MAX_RETRIES_OPTION, DEFAULT_MAX_RETRIES),
                context.getConfig().getProfile(profileName)
                        .getBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, false));
    }

    /**
     * A policy allowing {@code maxRetries} retries, for statements whose idempotence is unset: not idempotent.
     *
     * @param maxRetries a policy allowing {@code maxRetries} retries, for statements whose idempotence is
     *     unset
     */
    public AsyncRetryPolicy(int maxRetries) {
        this(maxRetries, false);
    }

    /**
     * A policy allowing {@code maxRetries} retries.
     *
     * @param defaultIdempotence idempotence of statements that do not set it ({@code isIdempotent() == null})
     * @param maxRetries the max retries
     */
    public AsyncRetryPolicy(int maxRetries, boolean defaultIdempotence) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
        }
        this.maxRetries = maxRetries;
        this.defaultIdempotence = defaultIdempotence;
    }

    /** {@return retries allowed per request} */
    public int getMaxRetries() {
        return maxRetries;
    }

    /** @deprecated the driver calls {@code onReadTimeoutVerdict}, which delegates here */
    @Override
    @Deprecated
    public RetryDecision onReadTimeout(Request request, ConsistencyLevel cl, int blockFor, int received,
            boolean dataPresent, int retryCount) {
        RetryDecision decision = retryCount < maxRetries && (dataPresent || received >= blockFor)
                ? RetryDecision.RETRY_SAME : RetryDecision.RETHROW;
        return logged(decision, "read timeout", request, retryCount,
                "cl=%s, received %d of %d, data %s", cl, received, blockFor, dataPresent ? "present" : "absent");
    }

    /** @deprecated the driver calls {@code onWriteTimeoutVerdict}, which delegates here */
    @Override
    @Deprecated
    public RetryDecision onWriteTimeout(Request request, ConsistencyLevel cl, WriteType writeType, int blockFor,
            int received, int retryCount) {
        boolean retryableType = writeType == WriteType.SIMPLE || writeType == WriteType.BATCH
                || writeType == WriteType.UNLOGGED_BATCH;
        RetryDecision decision = retryCount < maxRetries && retryableType && isIdempotent(request)
                ? RetryDecision.RETRY_SAME : RetryDecision.RETHROW;
        return logged(decision, "write timeout", request, retryCount,
                "cl=%s, writeType=%s, received %d of %d", cl, writeType, received, blockFor);
    }

    /** @deprecated the driver calls {@code onUnavailableVerdict}, which delegates here */
    @Override
    @Deprecated
    public RetryDecision onUnavailable(Request request, ConsistencyLevel cl, int required, int alive,
            int retryCount) {
        RetryDecision decision;
        if (retryCount >= maxRetries) {
            decision = RetryDecision.RETHROW;
        } else {
            // The coordinator refused before writing anything, so even a non-idempotent write is safe.
            decision = retryCount == 0 ? RetryDecision.RETRY_NEXT : RetryDecision.RETRY_SAME;
        }
        return logged(decision, "unavailable", request, retryCount, "cl=%s, %d of %d replicas alive", cl, alive,
                required);
    }

    /** @deprecated the driver calls {@code onRequestAbortedVerdict}, which delegates here */
    @Override
    @Deprecated
    public RetryDecision onRequestAborted(Request request, Throwable error, int retryCount) {
        return onRequestError("request aborted", request, error, retryCount);
    }

    /** @deprecated the driver calls {@code onErrorResponseVerdict}, which delegates here */
    @Override
    @Deprecated
    public RetryDecision onErrorResponse(Request request, CoordinatorException error, int retryCount) {
        return onRequestError("error response", request, error, retryCount);
    }

    private RetryDecision onRequestError(String event, Request request, Throwable error, int retryCount) {
        RetryDecision decision = retryCount < maxRetries && (isIdempotent(request) || !isWrite(request))
                ? RetryDecision.RETRY_NEXT : RetryDecision.RETHROW;
        return logged(decision, event, request, retryCount, "%s", error);
    }

    /** Whether the request may change data: anything but a SELECT (and a prepare, which writes nothing). */
    private static boolean isWrite(Request request) {
        if (!(request instanceof Statement)) {
            return false;
        }
        return Statements.kindOf(request) != QueryKind.SELECT;
    }

    /** The statement's own idempotence when set, else the profile's default; as the driver decides it. */
    private boolean isIdempotent(Request request) {
        if (!(request instanceof Statement<?> statement)) {
            return false;
        }
        Boolean own = statement.isIdempotent();
        return own != null ? own : defaultIdempotence;
    }

    private RetryDecision logged(RetryDecision decision, String event, Request request, int retryCount,
            String detailFormat, Object... detailArguments) {
        if (log.isDebugEnabled()) {
            Boolean idempotent = request instanceof Statement<?> statement ? statement.isIdempotent() : null;
            log.debug("{} on {} (idempotent={}, attempt {} of at most {}, {}): {}", event,
                    Statements.kindOf(request), idempotent, retryCount + 1, maxRetries + 1,
                    String.format(detailFormat, detailArguments), decision);
        }
        return decision;
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
