package io.github.asynccassandra.bulk;

import com.datastax.oss.driver.api.core.metadata.token.TokenRange;

/**
 * A sub-range of a bulk operation failed every try: names the range and how many tries were made; the
 * cause is the last error.
 */
public final class BulkRangeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient TokenRange range;

    /**
     * @param range the sub-range that failed
     * @param tries how many times it was tried
     * @param lastError the error of the last try
     */
    public BulkRangeException(TokenRange range, int tries, Throwable lastError) {
        super("Token range (" + range.getStart() + ", " + range.getEnd() + "] failed " + tries + " time(s); the last "
                + "error: " + lastError, lastError);
        this.range = range;
    }

    /** {@return the sub-range that failed} */
    public TokenRange getRange() {
        return range;
    }
}
