package io.github.asynccassandra.embedded.junit;

import io.github.asynccassandra.embedded.EmbeddedCassandra;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real, started {@link EmbeddedCassandra}, injected into any constructor or method
 * parameter of that type.
 *
 * <p>With {@code @ExtendWith(EmbeddedCassandraExtension.class)} (or {@link EmbeddedCassandraTest})
 * every test class shares <em>one</em> single node for the whole test run: it starts with the first
 * class that asks for it and stops when the run ends. Its ports are picked free, so it never clashes
 * with a Cassandra already running on the machine.
 *
 * <p>Tests that need a cluster of their own, or other settings, register a dedicated one, started
 * before the class's first test and stopped after its last:
 *
 * <pre>{@code
 * @RegisterExtension
 * static EmbeddedCassandraExtension cluster =
 *         EmbeddedCassandraExtension.dedicated(builder -> builder.nodes(3).heap("768m"));
 * }</pre>
 */
public final class EmbeddedCassandraExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** Overrides the shared node's Cassandra version. */
    public static final String VERSION_PROPERTY = "async-cassandra.embedded.version";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedCassandraExtension.class);
    private static final Object SHARED_LOCK = new Object();
    private static EmbeddedCassandra shared;

    private final UnaryOperator<EmbeddedCassandra.Builder> dedicatedSettings;
    private EmbeddedCassandra dedicated;

    /** The extension for the shared single node. */
    public EmbeddedCassandraExtension() {
        this.dedicatedSettings = null;
    }

    private EmbeddedCassandraExtension(UnaryOperator<EmbeddedCassandra.Builder> dedicatedSettings) {
        this.dedicatedSettings = dedicatedSettings;
    }

    /**
     * An extension with a Cassandra of its own, configured by {@code settings} (ports default to free
     * ones). Register it on a {@code static} field so that it stops after the class.
     *
     * @param settings an extension with a Cassandra of its own, configured by {@code settings}
     * @return an extension with a Cassandra of its own, configured by {@code settings}
     */
    public static EmbeddedCassandraExtension dedicated(UnaryOperator<EmbeddedCassandra.Builder> settings) {
        return new EmbeddedCassandraExtension(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * The shared single node, started on first use. Also for code that runs outside a test method,
     * such as a Spring {@code @DynamicPropertySource}, in a class using this extension.
     *
     * @return the shared single node, started on first use
     */
    public static EmbeddedCassandra shared() {
        synchronized (SHARED_LOCK) {
            if (shared == null) {
                EmbeddedCassandra.Builder builder = freePorts(EmbeddedCassandra.builder());
                String version = System.getProperty(VERSION_PROPERTY);
                if (version != null && !version.isBlank()) {
                    builder.version(version);
                }
                shared = builder.build().start();
            }
            return shared;
        }
    }

    /** {@return the Cassandra this extension gives to tests} */
    public EmbeddedCassandra cassandra() {
        if (dedicatedSettings == null) {
            return shared();
        }
        synchronized (this) {
            if (dedicated == null) {
                dedicated = dedicatedSettings.apply(freePorts(EmbeddedCassandra.builder())).build().start();
            }
            return dedicated;
        }
    }

    private static EmbeddedCassandra.Builder freePorts(EmbeddedCassandra.Builder builder) {
        return builder.nativePort(0).storagePort(0);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (dedicatedSettings == null) {
            // Closed by JUnit when the whole run ends, not after this class.
            context.getRoot().getStore(NAMESPACE).computeIfAbsent(SharedNodeCloser.class,
                    key -> new SharedNodeCloser(), SharedNodeCloser.class);
        }
        cassandra();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dedicatedSettings != null) {
            synchronized (this) {
                if (dedicated != null) {
                    dedicated.stop();
                    dedicated = null;
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedCassandra.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cassandra();
    }

    private static final class SharedNodeCloser implements AutoCloseable {
        @Override
        public void close() {
            synchronized (SHARED_LOCK) {
                if (shared != null) {
                    shared.stop();
                    shared = null;
                }
            }
        }
    }
}
