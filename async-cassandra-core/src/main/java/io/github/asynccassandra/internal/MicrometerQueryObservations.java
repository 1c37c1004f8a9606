package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;
import io.github.asynccassandra.observation.CassandraQueryContext;
import io.github.asynccassandra.observation.CassandraQueryObservationConvention;
import io.github.asynccassandra.observation.DefaultCassandraQueryObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/** {@link QueryObservations} with Micrometer: one {@code cassandra.query} observation per request. */
public final class MicrometerQueryObservations implements QueryObservations {

    private static final DefaultCassandraQueryObservationConvention DEFAULT_CONVENTION =
            new DefaultCassandraQueryObservationConvention();
    private static final String NODE_ERROR_EVENT = "cassandra.node.error";

    private final ObservationRegistry registry;
    private final CassandraQueryObservationConvention customConvention;

    /**
     * @param registry typed {@code Object} by callers that must load without Micrometer
     * @param customConvention a {@link CassandraQueryObservationConvention}, or {@code null} for the default
     */
    public MicrometerQueryObservations(Object registry, Object customConvention) {
        this.registry = (ObservationRegistry) registry;
        this.customConvention = (CassandraQueryObservationConvention) customConvention;
    }

    @Override
    public Object current() {
        return registry.getCurrentObservation();
    }

    @Override
    public Object start(Request request, Object parent, String keyspace) {
        Observation observation = Observation.createNotStarted(customConvention, DEFAULT_CONVENTION,
                () -> new CassandraQueryContext(request, keyspace), registry);
        if (observation.isNoop()) {
            return null;
        }
        Observation parentObservation = parent != null ? (Observation) parent : registry.getCurrentObservation();
        if (parentObservation != null) {
            observation.parentObservation(parentObservation);
        }
        return observation.start();
    }

    @Override
    public void nodeError(Object handle, Node node, Throwable error) {
        Observation observation = (Observation) handle;
        ((CassandraQueryContext) observation.getContext()).addNodeError();
        observation.event(Observation.Event.of(NODE_ERROR_EVENT, NODE_ERROR_EVENT + " " + node.getEndPoint() + ": "
                + error.getClass().getSimpleName()));
    }

    @Override
    public void executionInfo(Object handle, ExecutionInfo info) {
        ((CassandraQueryContext) ((Observation) handle).getContext())
                .setSpeculativeExecutions(info.getSpeculativeExecutionCount());
    }

    @Override
    public void stop(Object handle, Request request, Node node, DriverExecutionProfile profile, Throwable error) {
        Observation observation = (Observation) handle;
        CassandraQueryContext context = (CassandraQueryContext) observation.getContext();
        context.setNode(node);
        ConsistencyLevel level = request instanceof Statement<?> statement ? statement.getConsistencyLevel() : null;
        int pageSize = request instanceof Statement<?> statement ? statement.getPageSize() : 0;
        if (profile != null) {
            if (level == null) {
                level = consistencyOf(profile);
            }
            if (pageSize <= 0) {
                pageSize = profile.getInt(DefaultDriverOption.REQUEST_PAGE_SIZE);
            }
        }
        context.setConsistencyLevel(level);
        context.setPageSize(Math.max(pageSize, 0));
        if (error != null) {
            observation.error(error);
        }
        observation.stop();
    }

    private static ConsistencyLevel consistencyOf(DriverExecutionProfile profile) {
        try {
            return DefaultConsistencyLevel.valueOf(profile.getString(DefaultDriverOption.REQUEST_CONSISTENCY));
        } catch (IllegalArgumentException e) {
            // A level this driver does not name (a newer server's): leave it unknown.
            return null;
        }
    }
}
