package io.github.asynccassandra.internal;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.Map;
import java.util.ServiceConfigurationError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@link ContextCapture} with {@code io.micrometer:context-propagation}: every thread-local accessor the
 * application registered (the current observation, when Micrometer Observation is present; Reactor's and
 * Spring's when they are), plus the whole SLF4J MDC, so that log lines written in a completion carry the
 * caller's trace id.
 */
final class MicrometerContextCapture implements ContextCapture {

    private static final Logger log = LoggerFactory.getLogger(MicrometerContextCapture.class);

    private final ContextSnapshotFactory snapshots;

    MicrometerContextCapture() {
        ContextRegistry registry = new ContextRegistry();
        try {
            registry.loadThreadLocalAccessors();
        } catch (ServiceConfigurationError | LinkageError e) {
            // An accessor the class path names but cannot load: carry the MDC at least, and say why not more.
            log.warn("Context propagation carries only the MDC: a thread-local accessor could not be loaded ({})",
                    e.toString());
            registry = new ContextRegistry();
        }
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
