package io.github.asynccassandra.internal;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.Map;
import org.slf4j.MDC;

/**
 * {@link ContextCapture} with {@code io.micrometer:context-propagation}: every thread-local accessor the
 * application registered (the current observation, when Micrometer Observation is present; Reactor's and
 * Spring's when they are), plus the whole SLF4J MDC, so that log lines written in a completion carry the
 * caller's trace id.
 */
final class MicrometerContextCapture implements ContextCapture {

    private final ContextSnapshotFactory snapshots;

    MicrometerContextCapture() {
        ContextRegistry registry = new ContextRegistry().loadThreadLocalAccessors();
        registry.registerThreadLocalAccessor(new MdcAccessor());
        this.snapshots = ContextSnapshotFactory.builder().contextRegistry(registry).build();
    }

    @Override
    public Object capture() {
        return snapshots.captureAll();
    }

    @Override
    public Runnable wrap(Object snapshot, Runnable task) {
        return snapshot == null ? task : ((ContextSnapshot) snapshot).wrap(task);
    }

    /** The whole MDC map, copied at capture and put back around the completion. */
    private static final class MdcAccessor implements ThreadLocalAccessor<Map<String, String>> {
        static final String KEY = "async-cassandra.mdc";

        @Override
        public Object key() {
            return KEY;
        }

        @Override
        public Map<String, String> getValue() {
            Map<String, String> copy = MDC.getCopyOfContextMap();
            return copy == null || copy.isEmpty() ? null : copy;
        }

        @Override
        public void setValue(Map<String, String> value) {
            MDC.setContextMap(value);
        }

        @Override
        public void setValue() {
            MDC.clear();
        }
    }
}
