package io.github.asynccassandra;

import com.datastax.oss.driver.api.core.metadata.Node;
import io.github.asynccassandra.internal.Arguments;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-request options of {@link AsyncCassandraSession#execute(com.datastax.oss.driver.api.core.cql.Statement,
 * ExecuteOptions)}, the equivalents of the seed's {@code execute} keyword arguments. Immutable; build
 * with {@link #builder()}.
 *
 * <p>When {@link Builder#pageSize(int)} or a paging state is given, {@code execute} returns a single
 * page and the state of the next one, so that an API can page through a table; otherwise it returns
 * every row.
 */
public final class ExecuteOptions {

    /** No options: the statement's and the driver's own settings apply. */
    public static final ExecuteOptions DEFAULT = builder().build();

    private final boolean trace;
    private final Map<String, ByteBuffer> customPayload;
    private final Duration timeout;
    private final String executionProfile;
    private final ByteBuffer pagingState;
    private final String pagingStateToken;
    private final int pageSize;
    private final Node node;
    private final String executeAs;

    private ExecuteOptions(Builder builder) {
        this.trace = builder.trace;
        this.customPayload = builder.customPayload;
        this.timeout = builder.timeout;
        this.executionProfile = builder.executionProfile;
        this.pagingState = builder.pagingState;
        this.pagingStateToken = builder.pagingStateToken;
        this.pageSize = builder.pageSize;
        this.node = builder.node;
        this.executeAs = builder.executeAs;
    }

    /** {@return a builder with every option at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return whether the server traces the request; read the trace with {@link
     * AsyncResultSet#getQueryTrace()}}
     */
    public boolean trace() {
        return trace;
    }

    /** {@return custom payload sent with the request, or {@code null}} */
    public @Nullable Map<String, ByteBuffer> customPayload() {
        return customPayload;
    }

    /** {@return request timeout, or {@code null} for the profile's} */
    public @Nullable Duration timeout() {
        return timeout;
    }

    /** {@return name of the driver execution profile to use, or {@code null} for the default} */
    public @Nullable String executionProfile() {
        return executionProfile;
    }

    /** {@return raw paging state to resume from, or {@code null}} */
    public @Nullable ByteBuffer pagingState() {
        return pagingState;
    }

    /**
     * {@return safe paging-state token (from {@link AsyncResultSet#getPagingStateToken()}) to resume from,
     * or {@code null}}
     */
    public @Nullable String pagingStateToken() {
        return pagingStateToken;
    }

    /** {@return rows in the single page to return, or 0 when {@code execute} returns every row} */
    public int pageSize() {
        return pageSize;
    }

    /** {@return node that must coordinate the request (the seed's {@code host}), or {@code null}} */
    public @Nullable Node node() {
        return node;
    }

    /** {@return role to execute the request as (proxy execution), or {@code null}} */
    public @Nullable String executeAs() {
        return executeAs;
    }

    /** {@return whether these options ask for one page rather than every row} */
    public boolean singlePage() {
        return pageSize > 0 || pagingState != null || pagingStateToken != null;
    }

    /** Builder of {@link ExecuteOptions}; each setting is checked as it is set. */
    public static final class Builder {

        private boolean trace;
        private Map<String, ByteBuffer> customPayload;
        private Duration timeout;
        private String executionProfile;
        private ByteBuffer pagingState;
        private String pagingStateToken;
        private int pageSize;
        private Node node;
        private String executeAs;

        private Builder() {
        }

        /**
         * Asks the server to trace the request.
         *
         * @param trace the trace
         * @return this builder
         */
        public Builder trace(boolean trace) {
            this.trace = trace;
            return this;
        }

        /**
         * Custom payload for the server (a {@code QueryHandler}'s input).
         *
         * @param customPayload custom payload for the server
         * @return this builder
         */
        public Builder customPayload(Map<String, ByteBuffer> customPayload) {
            this.customPayload = Map.copyOf(Objects.requireNonNull(customPayload, "customPayload"));
            return this;
        }

        /**
         * Timeout of this request, overriding the profile's {@code basic.request.timeout}.
         *
         * @param timeout how long to wait
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Arguments.requirePositive("timeout", timeout);
            return this;
        }

        /**
         * Driver execution profile ({@code profiles.<name>} in the driver configuration).
         *
         * @param name the name
         * @return this builder
         */
        public Builder executionProfile(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("executionProfile must not be blank");
            }
            this.executionProfile = name;
            return this;
        }

        /**
         * Resumes paging from a raw paging state (returns one page).
         *
         * @param pagingState the paging state
         * @return this builder
         */
        public Builder pagingState(ByteBuffer pagingState) {
            this.pagingState = Objects.requireNonNull(pagingState, "pagingState").duplicate();
            this.pagingStateToken = null;
            return this;
        }

        /**
         * Resumes paging from a token returned by {@link AsyncResultSet#getPagingStateToken()} (returns
         * one page). The driver checks that the token belongs to the same query and values.
         *
         * @param token the token
         * @return this builder
         */
        public Builder pagingStateToken(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("pagingStateToken must not be blank");
            }
            this.pagingStateToken = token;
            this.pagingState = null;
            return this;
        }

        /**
         * Returns a single page of at most {@code rows} rows, with the state of the next page.
         *
         * @param rows the rows
         * @return this builder
         */
        public Builder pageSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("pageSize must be at least 1, was " + rows);
            }
            this.pageSize = rows;
            return this;
        }

        /**
         * Sends the request to this node (from {@code Metadata#getNodes()}) as coordinator.
         *
         * @param node the node that must coordinate the request
         * @return this builder
         */
        public Builder node(Node node) {
            this.node = Objects.requireNonNull(node, "node");
            return this;
        }

        /**
         * Executes the request on behalf of another role (proxy execution). Only servers that support
         * proxy execution (DataStax Enterprise) honour it; Apache Cassandra ignores it.
         *
         * @param role the role
         * @return this builder
         */
        public Builder executeAs(String role) {
            if (role == null || role.isBlank()) {
                throw new IllegalArgumentException("executeAs must not be blank");
            }
            this.executeAs = role;
            return this;
        }

        /** {@return the {@code ExecuteOptions} with the options set so far} */
        public ExecuteOptions build() {
            return new ExecuteOptions(this);
        }
    }
}
