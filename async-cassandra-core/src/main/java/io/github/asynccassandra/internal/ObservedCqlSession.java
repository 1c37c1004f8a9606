package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.cql.PrepareRequest;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Metadata;
import com.datastax.oss.driver.api.core.metrics.Metrics;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The driver session as others use it (a Spring Data template, plain driver code), with each CQL request
 * observed: a statement executed synchronously or asynchronously, and a prepare, start a
 * {@code cassandra.query} observation, parented by the one current where they are called, that the
 * cluster's request tracker ends. Every overload of the driver's session funnels into
 * {@link #execute(Request, GenericType)}, so that is the one method decorated; everything else, and the
 * other kinds of request (reactive, continuous, graph: sent only when subscribed, so never observed
 * here, but still measured by the tracker), goes straight to the driver. Only made when observations
 * are on; otherwise the driver session itself is handed out.
 */
public final class ObservedCqlSession implements CqlSession {

    private final CqlSession session;
    private final RequestObserver observer;

    private ObservedCqlSession(CqlSession session, RequestObserver observer) {
        this.session = session;
        this.observer = observer;
    }

    /** {@code session} with its CQL requests observed through {@code observer}, or as is when it does not observe. */
    public static CqlSession wrap(CqlSession session, RequestObserver observer) {
        return observer.observing() ? new ObservedCqlSession(session, observer) : session;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <RequestT extends Request, ResultT> ResultT execute(RequestT request, GenericType<ResultT> resultType) {
        if (request instanceof Statement<?> statement) {
            if (is(resultType, Statement.ASYNC)) {
                return (ResultT) observer.send(session, statement, null);
            }
            if (is(resultType, Statement.SYNC)) {
                return (ResultT) executeObserved(statement, resultType);
            }
        } else if (request instanceof PrepareRequest prepare) {
            if (is(resultType, PrepareRequest.ASYNC)) {
                return (ResultT) observer.prepare(session, prepare);
            }
            if (is(resultType, PrepareRequest.SYNC)) {
                return (ResultT) await(observer.prepare(session, prepare));
            }
        }
        return session.execute(request, resultType);
    }

    private static boolean is(GenericType<?> type, GenericType<?> expected) {
        return type == expected || expected.equals(type);
    }

    /** A synchronous prepare, as the driver's: refused on a driver thread, its error thrown as is. */
    private static PreparedStatement await(CompletionStage<PreparedStatement> prepared) {
        if (DriverInternals.onDriverThread()) {
            throw new IllegalStateException("Synchronous prepare was called on a driver I/O thread ("
                    + Thread.currentThread().getName() + "), where nothing may block. Use prepareAsync instead.");
        }
        try {
            return prepared.toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = Completion.unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private <ResultT> ResultT executeObserved(Statement<?> statement, GenericType<ResultT> resultType) {
        observer.observe(statement, null);
        try {
            return session.execute(statement, resultType);
        } catch (RuntimeException e) {
            // Ended by the tracker when the driver reported it; otherwise (refused before sending) here.
            observer.endIfStillOpen(statement, e);
            throw e;
        }
    }

    @Override
    public String getName() {
        return session.getName();
    }

    @Override
    public Metadata getMetadata() {
        return session.getMetadata();
    }

    @Override
    public boolean isSchemaMetadataEnabled() {
        return session.isSchemaMetadataEnabled();
    }

    @Override
    public CompletionStage<Metadata> setSchemaMetadataEnabled(Boolean newValue) {
        return session.setSchemaMetadataEnabled(newValue);
    }

    @Override
    public CompletionStage<Metadata> refreshSchemaAsync() {
        return session.refreshSchemaAsync();
    }

    @Override
    public CompletionStage<Boolean> checkSchemaAgreementAsync() {
        return session.checkSchemaAgreementAsync();
    }

    @Override
    public DriverContext getContext() {
        return session.getContext();
    }

    @Override
    public Optional<CqlIdentifier> getKeyspace() {
        return session.getKeyspace();
    }

    @Override
    public Optional<Metrics> getMetrics() {
        return session.getMetrics();
    }

    @Override
    public CompletionStage<Void> closeFuture() {
        return session.closeFuture();
    }

    @Override
    public CompletionStage<Void> closeAsync() {
        return session.closeAsync();
    }

    @Override
    public CompletionStage<Void> forceCloseAsync() {
        return session.forceCloseAsync();
    }

    @Override
    public String toString() {
        return "observed " + session;
    }
}
