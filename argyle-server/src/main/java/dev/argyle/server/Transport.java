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
import java.util.concurrent.ThreadFactory;

/**
 * The Netty transport: native epoll where the platform has it (Linux x86_64 here), NIO otherwise.
 * {@code -Dargyle.transport=nio} forces NIO, for comparison and for platforms where the native library
 * misbehaves.
 */
public enum Transport {
    EPOLL,
    NIO;

    public static Transport best() {
        if (!"nio".equalsIgnoreCase(System.getProperty("argyle.transport")) && Epoll.isAvailable()) {
            return EPOLL;
        }
        return NIO;
    }

    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
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
        return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
