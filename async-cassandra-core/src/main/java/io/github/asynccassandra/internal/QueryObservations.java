package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.session.Request;

/**
 * Observations of requests, seen through types of the driver only, so that nothing of Micrometer is
 * loaded unless an observation registry was given ({@link MicrometerQueryObservations}). Handles are
 * opaque: an observation, or {@code null} for none.
 */
public interface QueryObservations {

    /** The observation current on this thread, to become the parent of requests sent later; or {@code null}. */
    Object current();

    /**
     * Starts observing {@code request}.
     *
     * @param parent the parent observation, or {@code null} for the one current on this thread
     * @param keyspace the keyspace it runs in, or {@code null}
     */
    Object start(Request request, Object parent, String keyspace);

    /** One attempt failed on {@code node}: the request was retried, or ends with this error. */
    void nodeError(Object observation, Node node, Throwable error);

    /** What the sender learnt when the request completed (speculative executions); may come after the end. */
    void executionInfo(Object observation, ExecutionInfo info);

    /**
     * Ends the observation.
     *
     * @param node the node that answered last, or {@code null}
     * @param profile the profile the request ran with, or {@code null} when unknown
     * @param error why it failed, or {@code null} on success
     */
    void stop(Object observation, Request request, Node node, DriverExecutionProfile profile, Throwable error);
}
