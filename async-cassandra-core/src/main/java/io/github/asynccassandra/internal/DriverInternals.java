package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.internal.core.context.InternalDriverContext;
import com.datastax.oss.driver.internal.core.pool.ChannelPool;
import com.datastax.oss.driver.internal.core.util.concurrent.BlockingOperation;

/** The few driver internals the project reads; kept in one place so a driver upgrade touches only this. */
public final class DriverInternals {

    /**
     * The class of the driver's threads, which its {@code BlockingOperation} recognises by throwing: read
     * directly, because the hot path asks from those very threads. {@code null} if a driver renamed it.
     */
    private static final Class<?> DRIVER_THREAD = driverThreadClass();

    private DriverInternals() {
    }

    private static Class<?> driverThreadClass() {
        try {
            return Class.forName(BlockingOperation.class.getName() + "$InternalThread", false,
                    BlockingOperation.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Requests in flight to {@code node}, or -1 when the driver does not tell. */
    public static int inFlight(CqlSession session, Node node) {
        try {
            if (session.getContext() instanceof InternalDriverContext context) {
                ChannelPool pool = context.getPoolManager().getPools().get(node);
                return pool == null ? 0 : pool.getInFlight();
            }
        } catch (RuntimeException e) {
            // An internal API that changed or a closing session: unknown rather than a failure.
        }
        return -1;
    }

    /** Whether the calling thread is one of the driver's own (I/O, admin, timer), where nothing may block. */
    public static boolean onDriverThread() {
        if (DRIVER_THREAD != null) {
            return DRIVER_THREAD.isInstance(Thread.currentThread());
        }
        try {
            BlockingOperation.checkNotDriverThread();
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
