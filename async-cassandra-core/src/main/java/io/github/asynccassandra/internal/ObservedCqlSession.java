package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * The driver session as others use it (a Spring Data template, plain driver code), with each CQL request
 * observed: {@code execute}, {@code executeAsync}, {@code prepare} and {@code prepareAsync} start a
 * {@code cassandra.query} observation, parented by the one current where they are called, that the
 * cluster's request tracker ends. Everything else goes straight to the driver. Only made when
 * observations are on; otherwise the driver session itself is handed out.
 */
public final class ObservedCqlSession {

    private ObservedCqlSession() {
    }

    /** {@code session} with its CQL requests observed through {@code observer}, or as is when it does not observe. */
    public static CqlSession wrap(CqlSession session, RequestObserver observer) {
        if (!observer.observing()) {
            return session;
        }
        return (CqlSession) Proxy.newProxyInstance(CqlSession.class.getClassLoader(), new Class<?>[] {CqlSession.class},
                (proxy, method, args) -> invoke(session, observer, proxy, method, args));
    }

    private static Object invoke(CqlSession session, RequestObserver observer, Object proxy, Method method,
            Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "observed " + session;
            default:
                break;
        }
        Statement<?> statement = args == null || args.length == 0 ? null : statementOf(args);
        if (statement != null) {
            switch (name) {
                case "executeAsync":
                    return observer.send(session, statement, null);
                case "execute":
                    return executeObserved(session, observer, statement);
                case "prepareAsync":
                    if (statement instanceof SimpleStatement simple) {
                        return observer.prepare(session, simple);
                    }
                    break;
                case "prepare":
                    if (statement instanceof SimpleStatement simple) {
                        return observer.prepare(session, simple).toCompletableFuture().handle((prepared, error) -> {
                            if (error != null) {
                                throw Completion.unwrap(error) instanceof RuntimeException runtime ? runtime
                                        : new IllegalStateException(Completion.unwrap(error));
                            }
                            return prepared;
                        }).join();
                    }
                    break;
                default:
                    break;
            }
        }
        try {
            return method.invoke(session, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object executeObserved(CqlSession session, RequestObserver observer, Statement<?> statement) {
        observer.observe(statement, null);
        try {
            return session.execute(statement);
        } catch (RuntimeException e) {
            // Ended by the tracker when the driver reported it; otherwise (refused before sending) here.
            observer.endIfStillOpen(statement, e);
            throw e;
        }
    }

    /** The CQL statement a call sends: a statement, or CQL text with optional values; else {@code null}. */
    @SuppressWarnings("unchecked")
    private static Statement<?> statementOf(Object[] args) {
        if (args[0] instanceof Statement<?> statement) {
            return args.length == 1 ? statement : null;
        }
        if (!(args[0] instanceof String query)) {
            return null;
        }
        if (args.length == 1) {
            return SimpleStatement.newInstance(query);
        }
        if (args.length == 2 && args[1] instanceof Map<?, ?> named) {
            return SimpleStatement.newInstance(query, (Map<String, Object>) named);
        }
        if (args.length == 2 && args[1] instanceof Object[] values) {
            return SimpleStatement.newInstance(query, values);
        }
        return null;
    }
}
