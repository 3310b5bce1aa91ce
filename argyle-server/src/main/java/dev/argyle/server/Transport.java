package dev.argyle.server;

import dev.argyle.server.config.EventLoopConfig;
import dev.argyle.server.relay.EpollRegistration;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport: native epoll where the platform has it (Linux x86_64 here), NIO otherwise. The config's
 * {@code event-loops.transport} (or {@code -Dargyle.transport}) asks for another: {@code nio}, for comparison and
 * for platforms where the native library misbehaves; {@code io_uring} where the kernel allows it (no splice relay
 * there: Netty's io_uring channels have no {@code spliceTo}).
 */
public enum Transport {
    EPOLL,
    IO_URING,
    NIO;

    /** What the server would choose unasked: {@code -Dargyle.transport} if set, else epoll where available. */
    public static Transport best() {
        return choose(EventLoopConfig.defaults().resolvedTransport());
    }

    /**
     * The transport for {@code asked}: io_uring where the kernel allows it, epoll where its native library loads,
     * NIO otherwise; when the one asked for is unavailable a WARN says why and the next best is used.
     */
    public static Transport choose(EventLoopConfig.TransportChoice asked) {
        if (asked == EventLoopConfig.TransportChoice.IO_URING) {
            if (IoUring.isAvailable()) {
                return IO_URING;
            }
            LoggerFactory.getLogger(Transport.class).warn("io_uring asked for but not available here ({}): using {}",
                    IoUring.unavailabilityCause(), Epoll.isAvailable() ? "epoll" : "nio");
        }
        if (asked == EventLoopConfig.TransportChoice.NIO) {
            return NIO;
        }
        if (Epoll.isAvailable()) {
            return EPOLL;
        }
        if (asked == EventLoopConfig.TransportChoice.EPOLL) {
            LoggerFactory.getLogger(Transport.class).warn("epoll asked for but not available here ({}): using nio",
                    Epoll.unavailabilityCause());
        }
        return NIO;
    }

    /** Whether listeners may share a port with {@code SO_REUSEPORT} (one listening socket per event loop). */
    public boolean hasReusePort() {
        return this != NIO;
    }

    /** Loops that block at once when idle (the admin listener's, tests'). */
    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return newGroup(threads, threadFactory, Duration.ZERO);
    }

    /**
     * {@code threads} loops; on epoll, each polls for {@code spin} after handling something before it blocks
     * ({@link SpinBeforeBlocking}; zero: at once). Other transports ignore {@code spin}.
     */
    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory, Duration spin) {
        IoHandlerFactory factory = switch (this) {
            case EPOLL -> spin.isZero() || spin.isNegative()
                    ? EpollIoHandler.newFactory()
                    : EpollIoHandler.newFactory(0, SpinBeforeBlocking.factory(spin.toNanos()));
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends SocketChannel> socketChannel() {
        return switch (this) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /**
     * Outbound TCP sockets (CONNECT and upstream routes), made as {@link #socketChannel()} would make them; on epoll
     * with {@link EpollRegistration}'s guard set before registration, where it costs no system call. {@code family}
     * null: dual-stack (IPv6 sockets that also reach IPv4 addresses) where the platform has IPv6;
     * {@code SocketProtocolFamily.INET}: IPv4-only sockets on epoll, for destinations known to be IPv4, where a
     * dual-stack socket costs one more system call ({@code IPV6_V6ONLY} off) and a longer address.
     */
    public ChannelFactory<SocketChannel> outboundChannels(SocketProtocolFamily family) {
        return () -> {
            try {
                if (this == NIO) {
                    return new NioSocketChannel();
                }
                if (this == IO_URING) {
                    return new IoUringSocketChannel();
                }
                EpollSocketChannel ch = family == null ? new EpollSocketChannel() : new EpollSocketChannel(family);
                EpollRegistration.keepRegistered(ch);
                return ch;
            } catch (RuntimeException e) { // e.g. EMFILE: say so, where Netty's own words are "Failed to open a socket."
                throw new ChannelException("cannot open a socket: " + deepestMessage(e), e);
            }
        };
    }

    private static String deepestMessage(Throwable e) {
        String message = e.toString();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    /** UDP sockets (UDP ASSOCIATE); dual-stack where the platform has IPv6. */
    public Class<? extends DatagramChannel> datagramChannel() {
        return switch (this) {
            case EPOLL -> EpollDatagramChannel.class;
            case IO_URING -> IoUringDatagramChannel.class;
            case NIO -> NioDatagramChannel.class;
        };
    }
}
