package dev.argyle.server;

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
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.concurrent.ThreadFactory;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport: native epoll where the platform has it (Linux x86_64 here), NIO otherwise.
 * {@code -Dargyle.transport=nio} forces NIO, for comparison and for platforms where the native library
 * misbehaves; {@code -Dargyle.transport=io_uring} chooses io_uring where the kernel allows it (no splice relay
 * there: Netty's io_uring channels have no {@code spliceTo}).
 */
public enum Transport {
    EPOLL,
    IO_URING,
    NIO;

    public static Transport best() {
        String asked = System.getProperty("argyle.transport", "");
        if ("io_uring".equalsIgnoreCase(asked)) {
            if (IoUring.isAvailable()) {
                return IO_URING;
            }
            LoggerFactory.getLogger(Transport.class).warn("io_uring asked for but not available here ({}): using {}",
                    IoUring.unavailabilityCause(), Epoll.isAvailable() ? "epoll" : "nio");
        }
        if (!"nio".equalsIgnoreCase(asked) && Epoll.isAvailable()) {
            return EPOLL;
        }
        return NIO;
    }

    /** Whether listeners may share a port with {@code SO_REUSEPORT} (one listening socket per event loop). */
    public boolean hasReusePort() {
        return this != NIO;
    }

    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        // How long an epoll loop polls after handling something before it blocks (SpinBeforeBlocking); 0: at once.
        int spinMicros = Integer.getInteger("argyle.spinMicros", 0);
        IoHandlerFactory factory = switch (this) {
            case EPOLL -> spinMicros > 0
                    ? EpollIoHandler.newFactory(0, SpinBeforeBlocking.factory(spinMicros * 1000L))
                    : EpollIoHandler.newFactory();
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
     * with {@link EpollRegistration}'s guard set before registration, where it costs no system call.
     */
    public ChannelFactory<SocketChannel> outboundChannels() {
        return () -> {
            try {
                if (this == NIO) {
                    return new NioSocketChannel();
                }
                if (this == IO_URING) {
                    return new IoUringSocketChannel();
                }
                EpollSocketChannel ch = new EpollSocketChannel();
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
