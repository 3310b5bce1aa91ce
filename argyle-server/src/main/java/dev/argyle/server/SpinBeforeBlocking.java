package dev.argyle.server;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;

/**
 * An epoll loop that has just handled something polls (non-blocking {@code epoll_wait}) for a short window
 * before it blocks. On a virtual machine a blocked thread is woken by an inter-processor interrupt and, when its
 * virtual CPU halted meanwhile, by the hypervisor scheduling that CPU again: tens of microseconds per hand-off,
 * several per SOCKS handshake and one per relayed message. A loop still polling when the next packet arrives
 * sees it without either. The window restarts after every batch of events, so a busy loop never blocks, and an
 * idle one spends at most one window per wake-up (timers included) before it sleeps.
 *
 * <p>Tasks that other threads submit while the loop polls do not interrupt the window (Netty only writes its
 * wake-up eventfd for a blocked loop); they wait for it to end, one window at most.
 */
final class SpinBeforeBlocking implements SelectStrategy {
    private final long windowNanos;

    private SpinBeforeBlocking(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /** One strategy per event loop (the factory is asked once per loop). */
    static SelectStrategyFactory factory(long windowNanos) {
        return () -> new SpinBeforeBlocking(windowNanos);
    }

    @Override
    public int calculateStrategy(IntSupplier selectSupplier, boolean hasTasks) throws Exception {
        if (hasTasks) {
            return selectSupplier.get();
        }
        long deadline = System.nanoTime() + windowNanos;
        do {
            int ready = selectSupplier.get();
            if (ready > 0) {
                return ready;
            }
            // A thread woken by this loop's own packets is often queued on this CPU (the kernel places a wakee
            // near its waker); polling without yielding would make it wait for the window to end.
            Thread.yield();
        } while (System.nanoTime() - deadline < 0);
        return SelectStrategy.SELECT;
    }
}
