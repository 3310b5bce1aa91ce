package dev.argyle.server.relay;

import io.netty.channel.Channel;
import io.netty.channel.epoll.Native;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a Netty 4.2 epoll flaw that breaks half-closed connections: when a channel's interest set
 * becomes empty (input finished, so EPOLLIN and EPOLLRDHUP are cleared, and no write pending), Netty removes
 * the descriptor from epoll but still believes it registered; the next write that has to wait for EPOLLOUT
 * then fails with ENOENT, and the connection's remaining output is lost. Seen here: a client that sends its
 * request and FIN, then downloads, lost the download after a few megabytes.
 *
 * <p>The fix keeps EPOLLERR in the interest set. epoll reports errors whether asked or not, so this changes
 * no behaviour except that the set is never empty. Netty offers no public way to add a flag (the class and method are
 * package-private), hence the reflective call; if it ever fails, the relay still works (without the guard) and this says so once.
 */
public final class EpollRegistration {
    private static final Logger log = LoggerFactory.getLogger(EpollRegistration.class);
    private static final Method SET_FLAG = setFlagMethod();

    private EpollRegistration() {
    }

    /**
     * Call before the channel is registered, where it costs nothing (the flag goes into Netty's first
     * {@code epoll_ctl(ADD)}), or on its event loop before its input can end (one {@code epoll_ctl(MOD)}, none
     * if the flag is already set).
     */
    public static void keepRegistered(Channel ch) {
        if (SET_FLAG == null || !SET_FLAG.getDeclaringClass().isInstance(ch) || !ch.isOpen()) {
            return;
        }
        try {
            SET_FLAG.invoke(ch, Native.EPOLLERR);
        } catch (java.lang.reflect.InvocationTargetException e) {
            ch.pipeline().fireExceptionCaught(e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            ch.pipeline().fireExceptionCaught(e);
        }
    }

    /**
     * For an accepted connection that will read from the start (auto-read), before it is registered: the
     * guard and read interest go into Netty's first {@code epoll_ctl(ADD)}, so neither needs an
     * {@code epoll_ctl(MOD)} of its own (Netty's first read then finds the flag set and makes no call).
     */
    public static void readingFromTheStart(Channel ch) {
        if (SET_FLAG == null || !SET_FLAG.getDeclaringClass().isInstance(ch) || ch.isRegistered()) {
            return;
        }
        try {
            SET_FLAG.invoke(ch, Native.EPOLLERR);
            SET_FLAG.invoke(ch, Native.EPOLLIN);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Unregistered, nothing else can fail: Netty's own calls set the flags later, one system call each.
        }
    }

    private static Method setFlagMethod() {
        try {
            Method m = Class.forName("io.netty.channel.epoll.AbstractEpollChannel")
                    .getDeclaredMethod("setFlag", int.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.warn("cannot guard epoll registrations ({}); half-closed connections may lose data on epoll,"
                    + " run with -Dargyle.transport=nio if that matters", e.toString());
            return null;
        }
    }
}
