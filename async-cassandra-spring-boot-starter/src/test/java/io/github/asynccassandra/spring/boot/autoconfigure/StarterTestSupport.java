package io.github.asynccassandra.spring.boot.autoconfigure;

import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.spring.boot.autoconfigure.health.AsyncCassandraHealthContributorAutoConfiguration;
import io.github.asynccassandra.spring.boot.autoconfigure.metrics.AsyncCassandraMetricsAutoConfiguration;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** Runners pointed at a real node, and checks on what a context leaves behind. */
final class StarterTestSupport {

    /** Threads of the project (cluster, monitor) and of the driver (I/O, admin, timer). */
    static final Pattern CASSANDRA_THREADS = Pattern.compile("async-cassandra-.*|s\\d+-(io|admin|timer)-\\d+");

    private StarterTestSupport() {
    }

    /** Every auto-configuration of the starter. */
    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                AsyncCassandraEmbeddedAutoConfiguration.class, AsyncCassandraAutoConfiguration.class,
                AsyncCassandraMetricsAutoConfiguration.class, AsyncCassandraHealthContributorAutoConfiguration.class));
    }

    /** Every auto-configuration of the starter, connecting to {@code cassandra}. */
    static ApplicationContextRunner runnerFor(EmbeddedCassandra cassandra) {
        return runner().withPropertyValues("async-cassandra.contact-points=127.0.0.1",
                "async-cassandra.port=" + cassandra.nativePort(), "async-cassandra.local-datacenter=datacenter1",
                // A busy 2-core CI machine can stall a node for more than the driver's 2 s default.
                "async-cassandra.request.timeout=15s");
    }

    /** The analysis Spring Boot prints for {@code failure}, from the analyzers it registers. */
    static FailureAnalysis analyze(Throwable failure) {
        for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.none(),
                        // Other analyzers want a bean factory; only ours is needed here.
                        SpringFactoriesLoader.FailureHandler.handleMessage((message, ignored) -> { }))) {
            if (analyzer instanceof AsyncCassandraFailureAnalyzer) {
                return analyzer.analyze(failure);
            }
        }
        throw new AssertionError("AsyncCassandraFailureAnalyzer is not registered in META-INF/spring.factories");
    }

    static Set<Thread> liveCassandraThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> CASSANDRA_THREADS.matcher(t.getName()).matches()).collect(Collectors.toSet());
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; whether it held. */
    static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }
}
