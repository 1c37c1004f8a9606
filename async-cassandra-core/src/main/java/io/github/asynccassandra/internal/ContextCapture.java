package io.github.asynccassandra.internal;

import java.util.ServiceConfigurationError;
import org.slf4j.LoggerFactory;

/**
 * Carries the caller's thread-local context (MDC, the current observation) from where a request is sent
 * to where its future completes, on another thread. Seen through JDK types only, so that nothing of
 * {@code io.micrometer:context-propagation} is loaded when it is absent ({@link #NONE}).
 */
public interface ContextCapture {

    /** Carries nothing. */
    ContextCapture NONE = new ContextCapture() {
        @Override
        public Object capture() {
            return null;
        }

        @Override
        public Runnable wrap(Object snapshot, Runnable task) {
            return task;
        }
    };

    /** A snapshot of the calling thread's context, or {@code null} when there is nothing to carry. */
    Object capture();

    /** {@code task}, run with the snapshot's context restored around it (as is, when the snapshot is null). */
    Runnable wrap(Object snapshot, Runnable task);

    /** Context propagation with {@code io.micrometer:context-propagation} when it is present, else {@link #NONE}. */
    static ContextCapture detect() {
        try {
            Class.forName("io.micrometer.context.ContextSnapshotFactory", false, ContextCapture.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return NONE;
        }
        try {
            return new MicrometerContextCapture();
        } catch (ServiceConfigurationError | LinkageError e) {
            // ContextRegistry's own start-up (its static instance) failed: an accessor its class path names but
            // cannot load. Later uses of the class then fail with NoClassDefFoundError.
            LoggerFactory.getLogger(ContextCapture.class).warn(
                    "Context propagation is off: io.micrometer:context-propagation could not start ({})", e.toString());
            return NONE;
        }
    }
}
