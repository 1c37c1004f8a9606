package io.github.asynccassandra.bulk;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
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

    /** Shortest time between two INFO progress lines when none is given. */
    public static final Duration DEFAULT_PROGRESS_LOG_INTERVAL = Duration.ofSeconds(5);

    private static final BulkOptions DEFAULTS = builder().build();

    private final int parallelism;
    private final int splits;
    private final @Nullable ConsistencyLevel consistency;
    private final int pageSize;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final @Nullable List<String> columns;
    private final @Nullable String where;
    private final boolean allowFiltering;
    private final boolean gzip;
    private final @Nullable Path checkpoint;
    private final @Nullable Path rejects;
    private final boolean overwrite;
    private final @Nullable Consumer<BulkProgress> progressListener;
    private final Duration progressLogInterval;

    private BulkOptions(Builder builder) {
        this.parallelism = builder.parallelism;
        this.splits = builder.splits;
        this.consistency = builder.consistency;
        this.pageSize = builder.pageSize;
        this.maxRetries = builder.maxRetries;
        this.retryBackoff = builder.retryBackoff;
        this.columns = builder.columns;
        this.where = builder.where;
        this.allowFiltering = builder.allowFiltering;
        this.gzip = builder.gzip;
        this.checkpoint = builder.checkpoint;
        this.rejects = builder.rejects;
        this.overwrite = builder.overwrite;
        this.progressListener = builder.progressListener;
        this.progressLogInterval = builder.progressLogInterval;
    }

    /**
     * {@return the defaults: {@value #DEFAULT_PARALLELISM} in flight, default splits, {@code LOCAL_ONE}
     * reads}
     */
    public static BulkOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a builder with every option at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return sub-range queries (or, for a load, writes) in flight at once} */
    public int parallelism() {
        return parallelism;
    }

    /**
     * How many sub-ranges the ring is split into, or 0 for the default: {@value #DEFAULT_SPLITS_PER_RANGE}
     * per range of the ring (nodes × vnodes), at most {@value #MAX_DEFAULT_SPLITS}. Never fewer than
     * the ring has ranges: a sub-range never spans two.
     *
     * @return how many sub-ranges the ring is split into, or 0 for the default
     */
    public int splits() {
        return splits;
    }

    /** {@return consistency level set, or {@code null} for the operation's default} */
    public @Nullable ConsistencyLevel consistency() {
        return consistency;
    }

    /** {@return consistency level reads run at: the one set, else {@code LOCAL_ONE}} */
    public ConsistencyLevel readConsistency() {
        return consistency != null ? consistency : DefaultConsistencyLevel.LOCAL_ONE;
    }

    /** {@return consistency level a load writes at: the one set, else {@code LOCAL_QUORUM}} */
    public ConsistencyLevel writeConsistency() {
        return consistency != null ? consistency : DefaultConsistencyLevel.LOCAL_QUORUM;
    }

    /**
     * {@return columns a scan or export reads, in this order, or {@code null} for every column in table
     * order}
     */
    public @Nullable List<String> columns() {
        return columns;
    }

    /**
     * A restriction on non-key columns a scan or export adds to its token range ({@code AND} …), or
     * {@code null}. The server refuses one that needs filtering unless {@link #allowFiltering()}.
     *
     * @return a restriction on non-key columns a scan or export adds to its token range
     */
    public @Nullable String where() {
        return where;
    }

    /** {@return whether a scan or export with {@link #where()} adds {@code ALLOW FILTERING}} */
    public boolean allowFiltering() {
        return allowFiltering;
    }

    /** {@return whether an export compresses its output with gzip (a load detects gzip by itself)} */
    public boolean gzip() {
        return gzip;
    }

    /**
     * File that records the finished sub-ranges of an export, or the records written by a load; started
     * again with the same file, the operation does only what is left. {@code null}: none.
     *
     * @return file that records the finished sub-ranges of an export, or the records written by a load
     */
    public @Nullable Path checkpoint() {
        return checkpoint;
    }

    /**
     * Where a load sets aside the records it cannot write (one JSON line each: line number, reason,
     * record). {@code null}: next to a source file, as {@code <file>.rejects.ndjson}; for a source
     * stream, none, and the first such record fails the load.
     *
     * @return where a load sets aside the records it cannot write
     */
    public @Nullable Path rejects() {
        return rejects;
    }

    /**
     * Whether an export may replace an existing file, and a load an existing rejects file. Off by default: an
     * operation refuses, before it writes anything, to replace a file it did not write itself. A run that goes on
     * from its checkpoint adds to its own files whatever this says.
     *
     * @return whether existing output files may be replaced
     */
    public boolean overwrite() {
        return overwrite;
    }

    /**
     * Called with the progress of the operation, or {@code null}. An exception it throws fails the operation.
     *
     * @return called with the progress of the operation, or {@code null}
     */
    public @Nullable Consumer<BulkProgress> progressListener() {
        return progressListener;
    }

    /** {@return shortest time between two INFO lines of progress in the log; zero for none} */
    public Duration progressLogInterval() {
        return progressLogInterval;
    }

    /** {@return rows per page of each sub-range query, or 0 for the session's page size} */
    public int pageSize() {
        return pageSize;
    }

    /** {@return tries after the first for a sub-range that fails} */
    public int maxRetries() {
        return maxRetries;
    }

    /** {@return pause before the first retry of a sub-range; doubled for each next one} */
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
        private @Nullable List<String> columns;
        private @Nullable String where;
        private boolean allowFiltering;
        private boolean gzip;
        private @Nullable Path checkpoint;
        private @Nullable Path rejects;
        private boolean overwrite;
        private @Nullable Consumer<BulkProgress> progressListener;
        private Duration progressLogInterval = DEFAULT_PROGRESS_LOG_INTERVAL;

        private Builder() {
        }

        /**
         * Columns to read, as CQL names ({@code "Quoted"} for case-sensitive ones); at least one.
         *
         * @param columns columns to read, as CQL names
         * @return this builder
         */
        public Builder columns(List<String> columns) {
            Objects.requireNonNull(columns, "columns");
            if (columns.isEmpty() || columns.stream().anyMatch(c -> c == null || c.isBlank())) {
                throw new IllegalArgumentException("columns must name at least one column and no blank one, was "
                        + columns);
            }
            this.columns = List.copyOf(columns);
            return this;
        }

        /**
         * A CQL restriction on non-key columns, such as {@code "status = 'open'"}; {@code null} for none.
         *
         * @param where a CQL restriction on non-key columns, such as {@code "status = 'open'"}
         * @return this builder
         */
        public Builder where(@Nullable String where) {
            if (where != null && (where.isBlank() || where.contains(";"))) {
                throw new IllegalArgumentException("where must be one CQL restriction without ';', was '" + where
                        + "'");
            }
            this.where = where;
            return this;
        }

        /**
         * Adds {@code ALLOW FILTERING} to a query with {@link #where(String)}.
         *
         * @param allowFiltering the allow filtering
         * @return this builder
         */
        public Builder allowFiltering(boolean allowFiltering) {
            this.allowFiltering = allowFiltering;
            return this;
        }

        /**
         * Compresses an export's output with gzip.
         *
         * @param gzip the gzip
         * @return this builder
         */
        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /**
         * The checkpoint file of a resumable export or load; {@code null} for none.
         *
         * @param checkpoint the checkpoint file of a resumable export or load
         * @return this builder
         */
        public Builder checkpoint(@Nullable Path checkpoint) {
            this.checkpoint = checkpoint;
            return this;
        }

        /**
         * Where a load sets its rejected records aside; {@code null} for the default.
         *
         * @param rejects where a load sets its rejected records aside
         * @return this builder
         */
        public Builder rejects(@Nullable Path rejects) {
            this.rejects = rejects;
            return this;
        }

        /**
         * Lets an export replace an existing file, and a load an existing rejects file.
         *
         * @param overwrite whether existing output files may be replaced
         * @return this builder
         */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * Receives the progress; {@code null} for none.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder progressListener(@Nullable Consumer<BulkProgress> listener) {
            this.progressListener = listener;
            return this;
        }

        /**
         * Shortest time between two INFO progress lines; zero turns them off.
         *
         * @param interval shortest time between two INFO progress lines
         * @return this builder
         */
        public Builder progressLogInterval(Duration interval) {
            Objects.requireNonNull(interval, "progressLogInterval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("progressLogInterval must not be negative, was " + interval);
            }
            this.progressLogInterval = interval;
            return this;
        }

        /**
         * Sub-range queries in flight at once: 1 to 1,024.
         *
         * @param parallelism sub-range queries in flight at once
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1 || parallelism > 1024) {
                throw new IllegalArgumentException("parallelism must be between 1 and 1024, was " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * Sub-ranges to split the ring into: 0 for the default, else 1 to 1,000,000.
         *
         * @param splits the splits
         * @return this builder
         */
        public Builder splits(int splits) {
            if (splits < 0 || splits > 1_000_000) {
                throw new IllegalArgumentException("splits must be 0 (default) or between 1 and 1000000, was "
                        + splits);
            }
            this.splits = splits;
            return this;
        }

        /**
         * Consistency level ({@code null}: {@code LOCAL_ONE} for reads, {@code LOCAL_QUORUM} for writes).
         *
         * @param consistency the consistency level
         * @return this builder
         */
        public Builder consistency(@Nullable ConsistencyLevel consistency) {
            this.consistency = consistency;
            return this;
        }

        /**
         * Rows per page: 0 for the session's, else at least 1.
         *
         * @param pageSize rows per page
         * @return this builder
         */
        public Builder pageSize(int pageSize) {
            if (pageSize < 0) {
                throw new IllegalArgumentException("pageSize must be 0 (the session's) or more, was " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * Tries after the first for a failed sub-range: 0 to 100.
         *
         * @param maxRetries tries after the first for a failed sub-range
         * @return this builder
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 100) {
                throw new IllegalArgumentException("maxRetries must be between 0 and 100, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * Pause before the first retry (doubled each time): zero or positive.
         *
         * @param retryBackoff pause before the first retry
         * @return this builder
         */
        public Builder retryBackoff(Duration retryBackoff) {
            Objects.requireNonNull(retryBackoff, "retryBackoff");
            if (retryBackoff.isNegative()) {
                throw new IllegalArgumentException("retryBackoff must not be negative, was " + retryBackoff);
            }
            this.retryBackoff = retryBackoff;
            return this;
        }

        /** {@return the {@code BulkOptions} with the options set so far} */
        public BulkOptions build() {
            return new BulkOptions(this);
        }
    }
}
