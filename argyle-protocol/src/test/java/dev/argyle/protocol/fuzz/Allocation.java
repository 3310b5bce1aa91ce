package dev.argyle.protocol.fuzz;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the heap by the current thread (HotSpot counts them exactly, including the used part of
 * the thread's allocation buffer), so a test can bound what one call allocates.
 */
final class Allocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    /** True where the JVM counts per-thread allocation; elsewhere allocation bounds are not checked. */
    static boolean supported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /** A running total: the difference of two readings is what the thread allocated in between. */
    static long now() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
