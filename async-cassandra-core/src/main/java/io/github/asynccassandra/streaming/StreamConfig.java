package io.github.asynccassandra.streaming;

import io.github.asynccassandra.ExecuteOptions;
import io.github.asynccassandra.internal.Arguments;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How {@code executeStream} pages through a result. Immutable; build with {@link #builder()}. The
 * requests of every page take the same {@link ExecuteOptions} as {@code execute} does (execution
 * profile, coordinator node, proxy role, custom payload, tracing, timeout, a paging state to resume
 * from), applied by the same code; the page size is {@link #fetchSize()}.
 */
public final class StreamConfig {

    /** 1000 rows a page, no page limit, no callback, the profile's request timeout. */
    public static final StreamConfig DEFAULT = builder().build();

    private final int fetchSize;
    private final int maxPages;
    private final PageCallback pageCallback;
    private final Duration timeout;
    private final ExecuteOptions options;

    private StreamConfig(Builder builder) {
        this.fetchSize = builder.fetchSize;
        this.maxPages = builder.maxPages;
        this.pageCallback = builder.pageCallback;
        this.timeout = builder.timeout;
        this.options = builder.options;
    }

    /** {@return a builder with every option at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return rows requested per page} */
    public int fetchSize() {
        return fetchSize;
    }

    /** {@return pages after which the stream ends, or 0 for no limit} */
    public int maxPages() {
        return maxPages;
    }

    /** {@return called as each page's rows start to be delivered, or {@code null}} */
    public @Nullable PageCallback pageCallback() {
        return pageCallback;
    }

    /**
     * {@return timeout of each page request, or {@code null} for the profile's {@code basic.request.timeout}}
     */
    public @Nullable Duration timeout() {
        return timeout != null ? timeout : options.timeout();
    }

    /** {@return options of every page request, as {@code execute} takes them} */
    public ExecuteOptions options() {
        return options;
    }

    /**
     * Told about each page as its rows start to be delivered (a page read ahead is told once the one
     * before it is used up), on the thread that delivers the rows, never a driver I/O thread. Must be
     * quick and must not throw (a throw is logged).
     */
    @FunctionalInterface
    public interface PageCallback {

        /**
         * @param pageNumber 1 for the first page
         * @param rowCount rows in that page (0 is possible for a page that is not the last)
         */
        void onPage(int pageNumber, int rowCount);
    }

    /** Builder of {@link StreamConfig}; nonsense values are rejected with the setting's name. */
    public static final class Builder {

        private int fetchSize = 1000;
        private int maxPages;
        private PageCallback pageCallback;
        private Duration timeout;
        private ExecuteOptions options = ExecuteOptions.DEFAULT;

        private Builder() {
        }

        /**
         * Options of every page request, as {@code execute} takes them: profile, node, proxy role, payload,
         * tracing, timeout, and a paging state to start from. Their page size is {@link #fetchSize(int)}'s:
         * options that ask for a single page are rejected.
         *
         * @param options per-request options
         * @return this builder
         */
        public Builder options(ExecuteOptions options) {
            if (options == null) {
                throw new IllegalArgumentException("options must not be null");
            }
            if (options.pageSize() > 0) {
                throw new IllegalArgumentException("ExecuteOptions.pageSize asks execute for a single page; a stream "
                        + "sets its page size with StreamConfig.fetchSize");
            }
            this.options = options;
            return this;
        }

        /**
         * Rows per page (default 1000); memory held by a stream is about this many rows.
         *
         * @param rows rows per page
         * @return this builder
         */
        public Builder fetchSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("fetchSize must be at least 1, was " + rows);
            }
            this.fetchSize = rows;
            return this;
        }

        /**
         * Ends the stream cleanly after this many pages; 0 (default) for no limit.
         *
         * @param pages the pages
         * @return this builder
         */
        public Builder maxPages(int pages) {
            if (pages < 0) {
                throw new IllegalArgumentException("maxPages must be 0 (no limit) or more, was " + pages);
            }
            this.maxPages = pages;
            return this;
        }

        /**
         * Called with the page number and its row count as each page's rows start to be delivered.
         *
         * @param callback the callback
         * @return this builder
         */
        public Builder pageCallback(PageCallback callback) {
            if (callback == null) {
                throw new IllegalArgumentException("pageCallback must not be null");
            }
            this.pageCallback = callback;
            return this;
        }

        /**
         * Timeout of each page request.
         *
         * @param timeout how long to wait
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Arguments.requirePositive("timeout", timeout);
            return this;
        }

        /**
         * {@return the configuration; a timeout set both here and in {@link #options(ExecuteOptions)} is
         * rejected}
         */
        public StreamConfig build() {
            if (timeout != null && options.timeout() != null) {
                throw new IllegalArgumentException("The stream's timeout is set twice (StreamConfig.timeout and "
                        + "ExecuteOptions.timeout): set it once");
            }
            return new StreamConfig(this);
        }
    }
}
