package io.github.asynccassandra;

import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.PagingState;
import com.datastax.oss.driver.api.core.cql.QueryTrace;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The rows of a finished query: every row of the result, or one page of it when the query was run
 * with a page size or paging state (see {@link ExecuteOptions}). Immutable and safe to share.
 */
public final class AsyncResultSet implements Iterable<Row> {

    private final List<Row> rows;
    private final ColumnDefinitions columnDefinitions;
    private final ExecutionInfo executionInfo;
    private final boolean applied;
    private final ByteBuffer pagingState;
    private final PagingState safePagingState;

    /**
     * A result holding these rows: what the session's futures complete with, and what a test double of
     * {@link AsyncCassandraSession} can return.
     *
     * @param rows the rows, in order (wrapped as an unmodifiable list: pass one you no longer change)
     * @param columnDefinitions the columns of the rows
     * @param executionInfo how the last page was fetched
     * @param applied what {@link #wasApplied()} answers (true but for a lightweight transaction that did not
     *     apply)
     * @param keepPagingState whether the result is one page whose paging state is offered to resume from
     * @return a result holding these rows
     */
    public static AsyncResultSet of(List<Row> rows, ColumnDefinitions columnDefinitions, ExecutionInfo executionInfo,
            boolean applied, boolean keepPagingState) {
        return new AsyncResultSet(unmodifiable(rows), columnDefinitions, executionInfo, applied, keepPagingState);
    }

    private AsyncResultSet(List<Row> rows, ColumnDefinitions columnDefinitions, ExecutionInfo executionInfo,
            boolean applied, boolean keepPagingState) {
        this.rows = rows;
        this.columnDefinitions = columnDefinitions;
        this.executionInfo = executionInfo;
        this.applied = applied;
        ByteBuffer state = keepPagingState ? executionInfo.getPagingState() : null;
        this.pagingState = state == null ? null : state.asReadOnlyBuffer();
        this.safePagingState = state == null ? null : executionInfo.getSafePagingState();
    }

    /** {@return the first row, or {@code null} when there is none} */
    public @Nullable Row one() {
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** {@return every row, as an unmodifiable list} */
    public List<Row> all() {
        return rows;
    }

    /**
     * The row at {@code index} (0-based).
     *
     * @param index the row at {@code index}
     * @return the row at {@code index}
     */
    public Row get(int index) {
        return rows.get(index);
    }

    /** {@return number of rows} */
    public int size() {
        return rows.size();
    }

    /** {@return whether there are no rows} */
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public Iterator<Row> iterator() {
        return rows.iterator();
    }

    /** {@return the rows as a stream} */
    public Stream<Row> stream() {
        return rows.stream();
    }

    /**
     * For a conditional statement (lightweight transaction, {@code IF ...}), whether it was applied;
     * {@code true} for any other statement.
     *
     * @return for a conditional statement
     */
    public boolean wasApplied() {
        return applied;
    }

    /** {@return columns of the rows} */
    public ColumnDefinitions getColumnDefinitions() {
        return columnDefinitions;
    }

    /**
     * {@return how the (last page of the) request was executed: coordinator, warnings, retries, paging state}
     */
    public ExecutionInfo getExecutionInfo() {
        return executionInfo;
    }

    /**
     * The server's trace of the request, when it was run with {@code trace(true)}. Reading a trace is
     * itself a query, so this returns a future.
     *
     * @return the server's trace of the request, when it was run with {@code trace(true)}
     */
    public CompletableFuture<QueryTrace> getQueryTrace() {
        if (executionInfo.getTracingId() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "The request was not traced: run it with ExecuteOptions.builder().trace(true)"));
        }
        return executionInfo.getQueryTraceAsync().toCompletableFuture();
    }

    /** {@return whether a next page exists (only in single-page results)} */
    public boolean hasMorePages() {
        return pagingState != null;
    }

    /**
     * {@return raw state of the next page, or {@code null} when this was the last page or all rows were
     * fetched}
     */
    public @Nullable ByteBuffer getPagingState() {
        return pagingState == null ? null : pagingState.duplicate();
    }

    /**
     * An opaque, URL-safe token for the next page (for a REST API's "next" link), or {@code null} when
     * there is none. Pass it back with {@link ExecuteOptions.Builder#pagingStateToken(String)}; the
     * driver rejects a token used with another query or other values.
     *
     * @return an opaque, URL-safe token for the next page
     */
    public @Nullable String getPagingStateToken() {
        return safePagingState == null ? null : safePagingState.toString();
    }

    static List<Row> unmodifiable(List<Row> rows) {
        return Collections.unmodifiableList(rows);
    }

    @Override
    public String toString() {
        return "AsyncResultSet[rows=" + rows.size() + ", morePages=" + hasMorePages() + "]";
    }
}
