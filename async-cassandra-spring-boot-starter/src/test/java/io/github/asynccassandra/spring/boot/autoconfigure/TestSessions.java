package io.github.asynccassandra.spring.boot.autoconfigure;

import com.datastax.oss.driver.api.core.CqlSession;
import io.github.asynccassandra.AsyncCassandraSession;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;

/**
 * A session bean for wiring tests that need no server: every driver call but closing fails. Only the
 * auto-configuration's conditions are tested with it; behaviour is tested against a real node.
 */
public final class TestSessions {

    private TestSessions() {
    }

    /** A session whose driver calls all fail, but closing. */
    public static AsyncCassandraSession unconnected() {
        CqlSession driver = (CqlSession) Proxy.newProxyInstance(CqlSession.class.getClassLoader(),
                new Class<?>[] {CqlSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "closeAsync", "forceCloseAsync", "closeFuture" -> CompletableFuture.completedFuture(null);
                    case "isClosed" -> false;
                    case "toString" -> "unconnected CqlSession";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName() + ": no server in this test");
                });
        // A test double of the interface, as applications can write their own.
        return (AsyncCassandraSession) Proxy.newProxyInstance(AsyncCassandraSession.class.getClassLoader(),
                new Class<?>[] {AsyncCassandraSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getDriverSession" -> driver;
                    case "closeAsync", "forceCloseAsync" -> CompletableFuture.completedFuture(null);
                    case "close", "getMetrics", "getKeyspace" -> null;
                    case "isClosed" -> false;
                    case "toString" -> "unconnected AsyncCassandraSession";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName() + ": no server in this test");
                });
    }
}
