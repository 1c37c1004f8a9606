package io.github.asynccassandra.observation;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import io.github.asynccassandra.internal.Statements;
import io.github.asynccassandra.metrics.QueryFingerprint;
import io.github.asynccassandra.metrics.QueryKind;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of one Cassandra request ({@code cassandra.query}) knows: the request as sent,
 * its keyspace and kind, and, once it has ended, the node that answered, the consistency level it ran
 * at, the failed attempts and the speculative executions. Read by an
 * {@link CassandraQueryObservationConvention} to name the observation and its keys.
 */
public class CassandraQueryContext extends Observation.Context {

    private final Request request;
    private final @Nullable String keyspace;
    private final QueryKind kind;
    private volatile @Nullable Node node;
    private volatile @Nullable ConsistencyLevel consistencyLevel;
    private volatile int nodeErrors;
    private volatile int speculativeExecutions = -1;
    private volatile int pageSize = -1;

    /**
     * A context for {@code request}.
     *
     * @param keyspace the keyspace the request runs in (its own, else the session's), or {@code null}
     * @param request the request
     */
    public CassandraQueryContext(Request request, @Nullable String keyspace) {
        this.request = request;
        this.keyspace = keyspace;
        this.kind = Statements.kindOf(request);
    }

    /** {@return the request as sent: a statement, a batch, or a {@code PREPARE}} */
    public Request getRequest() {
        return request;
    }

    /**
     * {@return the request's CQL text with literals replaced by {@code ?} and white space collapsed: never
     * a bound value} The normalizer keeps recent results, so a statement sent again is not scanned again.
     */
    public String getQueryText() {
        return QueryFingerprint.normalize(Statements.cqlOf(request));
    }

    /** {@return keyspace the request runs in, or {@code null} when it names none and the session has none} */
    public @Nullable String getKeyspace() {
        return keyspace;
    }

    /** {@return what the request does, from its first keyword} */
    public QueryKind getKind() {
        return kind;
    }

    /**
     * {@return the node that answered last (the coordinator), or {@code null} before the end or when none
     * did}
     */
    public @Nullable Node getNode() {
        return node;
    }

    /**
     * Set when the request has ended.
     *
     * @param node the coordinator that answered last, or {@code null} when none did
     */
    public void setNode(@Nullable Node node) {
        this.node = node;
    }

    /**
     * {@return the consistency level the request ran at (its own, else its profile's), or {@code null}
     * before the end}
     */
    public @Nullable ConsistencyLevel getConsistencyLevel() {
        return consistencyLevel;
    }

    /**
     * Set when the request has ended.
     *
     * @param consistencyLevel the level the request ran at, or {@code null} when not known
     */
    public void setConsistencyLevel(@Nullable ConsistencyLevel consistencyLevel) {
        this.consistencyLevel = consistencyLevel;
    }

    /**
     * {@return attempts that failed on a node before the request ended: each was retried or ended the
     * request}
     */
    public int getNodeErrors() {
        return nodeErrors;
    }

    /** Counts one failed attempt. */
    public void addNodeError() {
        nodeErrors++;
    }

    /** {@return speculative executions started for the request, or -1 when not known} */
    public int getSpeculativeExecutions() {
        return speculativeExecutions;
    }

    /**
     * Set from the request's execution info, when its sender sees it.
     *
     * @param speculativeExecutions speculative executions the driver started for the request
     */
    public void setSpeculativeExecutions(int speculativeExecutions) {
        this.speculativeExecutions = speculativeExecutions;
    }

    /**
     * Rows per page the request asked for (its own, else its profile's), or -1 before the end: what tells
     * a convention whether the request has ended.
     *
     * @return rows per page the request asked for
     */
    public int getPageSize() {
        return pageSize;
    }

    /**
     * Set when the request has ended; last of the values set then.
     *
     * @param pageSize rows per page
     */
    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }
}
