package io.github.asynccassandra.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap still in use right after a collection while it watches: data something holds on to,
 * not the young generation filling up with garbage (which is what a plain peak-usage reading shows).
 */
final class HeapWatcher implements NotificationListener, AutoCloseable {

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    private final List<NotificationEmitter> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter(NotificationEmitter.class::isInstance).map(NotificationEmitter.class::cast).toList();
    private final AtomicLong mostInUseAfterCollection = new AtomicLong();
    private final AtomicInteger collections = new AtomicInteger();

    HeapWatcher() {
        collectors.forEach(collector -> collector.addNotificationListener(this, null, null));
    }

    /** Heap in use after a full collection now: the baseline to measure growth from. */
    static long liveHeapNow() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        long inUse = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo()
                .getMemoryUsageAfterGc().entrySet().stream().filter(pool -> heapPools.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
        mostInUseAfterCollection.accumulateAndGet(inUse, Math::max);
        collections.incrementAndGet();
    }

    long mostInUseAfterCollection() {
        return mostInUseAfterCollection.get();
    }

    int collections() {
        return collections.get();
    }

    @Override
    public void close() {
        for (NotificationEmitter collector : collectors) {
            try {
                collector.removeNotificationListener(this);
            } catch (ListenerNotFoundException e) {
                // Never added to this one: nothing to remove.
            }
        }
    }
}
