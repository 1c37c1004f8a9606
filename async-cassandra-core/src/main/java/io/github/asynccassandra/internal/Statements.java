package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PrepareRequest;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.session.Request;
import io.github.asynccassandra.metrics.QueryKind;

/** Reads what a request is without executing it. */
public final class Statements {

    private Statements() {
    }

    /** The CQL text of a request, or {@code null} for a batch or an unknown request type. */
    public static String cqlOf(Request request) {
        if (request instanceof SimpleStatement simple) {
            return simple.getQuery();
        }
        if (request instanceof BoundStatement bound) {
            return bound.getPreparedStatement().getQuery();
        }
        if (request instanceof PrepareRequest prepare) {
            return prepare.getQuery();
        }
        return null;
    }

    /** What a request does. */
    public static QueryKind kindOf(Request request) {
        if (request instanceof BatchStatement) {
            return QueryKind.BATCH;
        }
        return QueryKind.of(cqlOf(request));
    }

    /** The keyspace a request runs in: its own, else its routing keyspace, else {@code sessionKeyspace}. */
    public static String keyspaceOf(Request request, String sessionKeyspace) {
        CqlIdentifier keyspace = request.getKeyspace() != null ? request.getKeyspace() : request.getRoutingKeyspace();
        return keyspace != null ? keyspace.asInternal() : sessionKeyspace;
    }

    /** Number of values bound to a request. */
    public static int parameterCount(Request request) {
        if (request instanceof SimpleStatement simple) {
            return simple.getPositionalValues().size() + simple.getNamedValues().size();
        }
        if (request instanceof BoundStatement bound) {
            return bound.size();
        }
        if (request instanceof BatchStatement batch) {
            return batch.size();
        }
        return 0;
    }
}
