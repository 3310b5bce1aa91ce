package dev.argyle.cli.run;

import dev.argyle.client.ProxyChain;
import dev.argyle.server.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The program's UDP (other than DNS to the namespace's resolver), TPROXY'd to a transparent datagram socket:
 * with IP_RECVORIGDSTADDR each datagram arrives with the destination the program addressed, and each program
 * socket (source address) gets its own {@link UdpFlow}, a UDP association through the whole chain. Answers
 * are sent back from the address the program wrote to, through a transparent socket bound to that (foreign)
 * address; the kernel then also delivers the program's later datagrams for it to that socket, so every socket
 * here reads and dispatches the same way.
 */
final class UdpInterceptor implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(UdpInterceptor.class);

    private final EventLoopGroup group;
    private final ProxyChain chain;
    private final Placeholders placeholders;
    private final Channel listener;
    private final Map<InetSocketAddress, Channel> repliers = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, UdpFlow> flows = new ConcurrentHashMap<>();
    private final Bootstrap bootstrap;
    private volatile boolean closed;
    private final java.net.InetAddress programAddress;
    private final java.net.InetAddress gateway;

    /** @param programAddress the namespace's end of the veth: the only accepted source */
    UdpInterceptor(InetSocketAddress bind, ProxyChain chain, Placeholders placeholders,
                   java.net.InetAddress programAddress) throws IOException {
        this.programAddress = programAddress;
        this.gateway = bind.getAddress();
        this.chain = chain;
        this.placeholders = placeholders;
        this.group = Transport.EPOLL.newGroup(1, new DefaultThreadFactory("argyle-run-udp", true));
        this.bootstrap = new Bootstrap().group(group).channel(Transport.EPOLL.datagramChannel())
                .option(EpollChannelOption.IP_TRANSPARENT, true)
                .option(EpollChannelOption.IP_RECVORIGDSTADDR, true)
                .handler(new Incoming());
        try {
            this.listener = bootstrap.bind(bind).syncUninterruptibly().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot listen transparently for UDP on " + bind + ": " + e.getMessage(), e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Sends {@code data} to {@code program} from {@code from}, the address the program sent its datagram to. */
    void reply(InetSocketAddress from, InetSocketAddress program, byte[] data, int length) {
        if (closed) {
            return;
        }
        Channel ch = repliers.computeIfAbsent(from, a -> {
            try {
                return bootstrap.bind(a).syncUninterruptibly().channel();
            } catch (Exception e) {
                log.warn("run: cannot answer from {}: {}", a, e.getMessage());
                return null;
            }
        });
        if (ch != null) {
            ch.writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer(data, 0, length), program));
        }
    }

    void ended(InetSocketAddress program, UdpFlow flow) {
        flows.remove(program, flow);
    }

    @Override
    public void close() {
        closed = true;
        flows.values().forEach(UdpFlow::close);
        listener.close();
        repliers.values().forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ChannelHandler.Sharable
    private final class Incoming extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetSocketAddress program = packet.sender();
            InetSocketAddress original = packet.recipient();
            if (program == null || original == null || closed) {
                return;
            }
            if (!program.getAddress().equals(programAddress) || original.getAddress().equals(gateway)) {
                // Not from the namespace, or to the namespace's gateway (through the chain, a loop back to us).
                log.debug("run: udp {} -> {} dropped", program, original);
                return;
            }
            ByteBuf content = packet.content();
            byte[] data = ByteBufUtil.getBytes(content);
            UdpFlow flow = flows.computeIfAbsent(program, p -> new UdpFlow(p, chain, placeholders, UdpInterceptor.this));
            flow.send(original, data);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("run: udp: {}", cause.getMessage());
        }
    }
}
