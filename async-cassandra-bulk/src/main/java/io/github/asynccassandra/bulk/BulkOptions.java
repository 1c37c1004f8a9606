package io.github.asynccassandra.bulk;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a bulk operation runs. Immutable; build with {@link #builder()}. Each setting is checked as it is
 * set, and a bad value is refused with a message that names it.
 */
public final class BulkOptions {

    /** Sub-range queries in flight at once when none is given: kind to a cluster that also serves traffic. */
    public static final int DEFAULT_PARALLELISM = 4;
    /** Sub-ranges per range of the ring when no split count is given. */
    public static final int DEFAULT_SPLITS_PER_RANGE = 4;
    /** Most sub-ranges a default split makes, however many ranges the ring has. */
    public static final int MAX_DEFAULT_SPLITS = 4096;
    /** Tries after the first for a sub-range that fails, when none is given. */
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** Pause before the first retry of a sub-range, doubled for each next one, when none is given. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(200);

    private static final BulkOptions DEFAULTS = builder().build();

    private final int parallelism;
    private final int splits;
    private final @Nullable ConsistencyLevel consistency;
    private final int pageSize;
    private final int maxRetries;
    private final Duration retryBackoff;

    private BulkOptions(Builder builder) {
        this.parallelism = builder.parallelism;
        this.splits = builder.splits;
        this.consistency = builder.consistency;
        this.pageSize = builder.pageSize;
        this.maxRetries = builder.maxRetries;
        this.retryBackoff = builder.retryBackoff;
    }

    /** The defaults: {@value #DEFAULT_PARALLELISM} in flight, default splits, {@code LOCAL_ONE} reads. */
    public static BulkOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sub-range queries in flight at once. */
    public int parallelism() {
        return parallelism;
    }

    /**
     * How many sub-ranges the ring is split into, or 0 for the default: {@value #DEFAULT_SPLITS_PER_RANGE}
     * per range of the ring (nodes × vnodes), at most {@value #MAX_DEFAULT_SPLITS}. Never fewer than
     * the ring has ranges: a sub-range never spans two.
     */
    public int splits() {
        return splits;
    }

    /** Consistency level of reads, or {@code null} for {@code LOCAL_ONE}. */
    public @Nullable ConsistencyLevel consistency() {
        return consistency;
    }

    /** Consistency level reads run at: the one set, else {@code LOCAL_ONE}. */
    public ConsistencyLevel readConsistency() {
        return consistency != null ? consistency : DefaultConsistencyLevel.LOCAL_ONE;
    }

    /** Rows per page of each sub-range query, or 0 for the session's page size. */
    public int pageSize() {
        return pageSize;
    }

    /** Tries after the first for a sub-range that fails. */
    public int maxRetries() {
        return maxRetries;
    }

    /** Pause before the first retry of a sub-range; doubled for each next one. */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** Builder of {@link BulkOptions}. */
    public static final class Builder {
        private int parallelism = DEFAULT_PARALLELISM;
        private int splits;
        private @Nullable ConsistencyLevel consistency;
        private int pageSize;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;

        private Builder() {
        }

        /** Sub-range queries in flight at once: 1 to 1,024. */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 || parallelism > 1024) {
                throw new IllegalArgumentException("parallelism must be between 1 and 1024, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** Sub-ranges to split the ring into: 0 for the default, else 1 to 1,000,000. */
        public Builder splits(int splits) {
            if (splits < 0 || splits > 1_000_000) {
                throw new IllegalArgumentException("splits must be 0 (default) or between 1 and 1000000, was "
                        + splits);
            }
            this.splits = splits;
            return this;
        }

        /** Consistency level of reads ({@code null}: {@code LOCAL_ONE}). */
        public Builder consistency(@Nullable ConsistencyLevel consistency) {
            this.consistency = consistency;
            return this;
        }

        /** Rows per page: 0 for the session's, else at least 1. */
        public Builder pageSize(int pageSize) {
            if (pageSize < 0) {
                throw new IllegalArgumentException("pageSize must be 0 (the session's) or more, was " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /** Tries after the first for a failed sub-range: 0 to 100. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 100) {
                throw new IllegalArgumentException("maxRetries must be between 0 and 100, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Pause before the first retry (doubled each time): zero or positive. */
        public Builder retryBackoff(Duration retryBackoff) {
            Objects.requireNonNull(retryBackoff, "retryBackoff");
            if (retryBackoff.isNegative()) {
                throw new IllegalArgumentException("retryBackoff must not be negative, was " + retryBackoff);
            }
            this.retryBackoff = retryBackoff;
            return this;
        }

        public BulkOptions build() {
            return new BulkOptions(this);
        }
    }
}
