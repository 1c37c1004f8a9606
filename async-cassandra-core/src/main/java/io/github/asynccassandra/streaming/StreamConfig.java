package io.github.asynccassandra.streaming;

import io.github.asynccassandra.internal.Arguments;
import java.time.Duration;

/**
 * How {@code executeStream} pages through a result. Immutable; build with {@link #builder()}.
 */
public final class StreamConfig {

    /** 1000 rows a page, no page limit, no callback, the profile's request timeout. */
    public static final StreamConfig DEFAULT = builder().build();

    private final int fetchSize;
    private final int maxPages;
    private final PageCallback pageCallback;
    private final Duration timeout;

    private StreamConfig(Builder builder) {
        this.fetchSize = builder.fetchSize;
        this.maxPages = builder.maxPages;
        this.pageCallback = builder.pageCallback;
        this.timeout = builder.timeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Rows requested per page. */
    public int fetchSize() {
        return fetchSize;
    }

    /** Pages after which the stream ends, or 0 for no limit. */
    public int maxPages() {
        return maxPages;
    }

    /** Called as each page's rows start to be delivered, or {@code null}. */
    public PageCallback pageCallback() {
        return pageCallback;
    }

    /** Timeout of each page request, or {@code null} for the profile's {@code basic.request.timeout}. */
    public Duration timeout() {
        return timeout;
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

        private Builder() {
        }

        /** Rows per page (default 1000); memory held by a stream is about this many rows. */
        public Builder fetchSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("fetchSize must be at least 1, was " + rows);
            }
            this.fetchSize = rows;
            return this;
        }

        /** Ends the stream cleanly after this many pages; 0 (default) for no limit. */
        public Builder maxPages(int pages) {
            if (pages < 0) {
                throw new IllegalArgumentException("maxPages must be 0 (no limit) or more, was " + pages);
            }
            this.maxPages = pages;
            return this;
        }

        /** Called with the page number and its row count as each page's rows start to be delivered. */
        public Builder pageCallback(PageCallback callback) {
            if (callback == null) {
                throw new IllegalArgumentException("pageCallback must not be null");
            }
            this.pageCallback = callback;
            return this;
        }

        /** Timeout of each page request. */
        public Builder timeout(Duration timeout) {
            this.timeout = Arguments.requirePositive("timeout", timeout);
            return this;
        }

        public StreamConfig build() {
            return new StreamConfig(this);
        }
    }
}
