package dev.argyle.server.udp;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.Transport;
import dev.argyle.server.auth.DatagramSecurity;
import dev.argyle.server.command.CommandContext;
import dev.argyle.server.command.SocksCommand;
import dev.argyle.server.config.UdpConfig;
import dev.argyle.server.proxyheader.ClientAddress;
import dev.argyle.server.resolve.Resolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseCombiner;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * UDP ASSOCIATE (RFC 1928 section 4 CMD=3, section 7). Per association two UDP sockets on the control
 * connection's event loop: one for the client, bound to the control connection's local address (the reply
 * names it, so it is an address the client can reach, never 0.0.0.0), and one for destinations, bound to
 * the wildcard address. Two rather than one because a socket bound to the client-facing address could
 * reach only what that address routes to (127.0.0.1 reaches only loopback; an IPv4 address no IPv6
 * destination), and because with separate sockets anything arriving on the client side that is not from
 * the client is plainly a stranger, and anything on the outbound side plainly a reply, even from a
 * destination on the client's own host.
 *
 * <p>The association is replied to only when both sockets are bound; it then takes over the control
 * connection (see {@link UdpAssociation}). Thread-safe: holds no per-session state.
 */
public final class UdpAssociateCommand implements SocksCommand {
    /** Receive buffer per datagram: the largest UDP datagram (65 507 bytes on IPv4, 65 527 on IPv6) fits. */
    static final int RECEIVE_BUFFER = 64 * 1024;
    /**
     * Netty's default (adaptive) allocator pools nothing above 16 KiB when the heap limit is 512 MiB or less
     * ({@code Runtime.maxMemory()}; the launcher's {@code -Xmx256m}) unless {@code io.netty.allocator.lowMemory}
     * is false: every receive buffer would be fresh, zeroed direct memory (measured: about a third of the
     * allocations, and 55k instead of 80k datagrams/s). The pooled allocator serves them from its arenas.
     */
    private static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;
    /**
     * Datagrams per receive system call on epoll (recvmmsg), each in its own 64 KiB slot of one pooled buffer
     * (512 KiB). Measured with socksbench udp (window 32, 128 B): 1 slot ~80k datagrams/s, 4 ~90k, 8 ~100k,
     * 16 ~110k; 8 keeps the buffer that a queued slice can pin at 512 KiB.
     */
    static final int BATCH = 8;
    /**
     * Queued datagrams per socket above which new ones are dropped (CONGESTED). A datagram sent on without a
     * copy counts as the 64 KiB slot it was read into ({@link PinnedSize}), so at most 16 wait while the
     * kernel refuses more: the memory they pin stays bounded however small they are.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

    private final Bootstrap template;
    private final UdpConfig config;
    private final Resolver resolver;
    private final UdpCounters counters;
    private final int datagramsPerSecond;

    public UdpAssociateCommand(Transport transport, UdpConfig config, Resolver resolver, UdpCounters counters) {
        this(transport, config, resolver, counters, 0);
    }

    /** @param datagramsPerSecond {@code limits.udp-datagrams-per-second} per association and direction; 0 = none */
    public UdpAssociateCommand(Transport transport, UdpConfig config, Resolver resolver, UdpCounters counters,
                               int datagramsPerSecond) {
        this.datagramsPerSecond = datagramsPerSecond;
        this.config = config;
        this.resolver = resolver;
        this.counters = counters;
        Bootstrap b = new Bootstrap()
                .channel(transport.datagramChannel())
                .option(ChannelOption.ALLOCATOR, ALLOCATOR)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, PinnedSize.INSTANCE);
        if (transport == Transport.EPOLL) {
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, RECEIVE_BUFFER)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(BATCH * RECEIVE_BUFFER));
        } else {
            b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER));
        }
        this.template = b;
    }

    /** Sizes a queued datagram by the memory it keeps alive: a slice of a receive buffer counts as a slot. */
    private static final class PinnedSize implements MessageSizeEstimator, MessageSizeEstimator.Handle {
        static final PinnedSize INSTANCE = new PinnedSize();

        @Override
        public Handle newHandle() {
            return this;
        }

        @Override
        public int size(Object msg) {
            if (msg instanceof DatagramPacket packet) {
                ByteBuf content = packet.content();
                return content.unwrap() != null ? RECEIVE_BUFFER : content.readableBytes();
            }
            return msg instanceof ByteBuf buf ? buf.readableBytes() : 0;
        }
    }

    @Override
    public void execute(CommandContext context, SocksAddress requested) {
        associate(context, requested, null, null, null);
    }

    /**
     * UDP ASSOCIATE through an upstream proxy that has already granted one: {@code upstreamControl} is the
     * TCP connection to it (handshake done, nothing else in its pipeline that reads), {@code upstreamRelay}
     * where its relay takes datagrams. Our association forwards everything there from its outbound socket;
     * either association's end (or the control connection's) ends the other.
     *
     * @param label the route label, for errors
     */
    public void executeVia(CommandContext context, SocksAddress requested, Channel upstreamControl,
                           InetSocketAddress upstreamRelay, String label) {
        associate(context, requested, upstreamControl, upstreamRelay, label);
    }

    private void associate(CommandContext context, SocksAddress requested, Channel upstreamControl,
                           InetSocketAddress upstreamRelay, String label) {
        Channel control = context.client();
        // The address the client reached us on (an accepted socket's, never a wildcard); ::ffff:a.b.c.d as IPv4.
        InetAddress local = ClientSource.normalize(((InetSocketAddress) control.localAddress()).getAddress());
        InetSocketAddress client = ClientAddress.of(control); // behind a PROXY balancer: the real client
        UdpAssociation association = new UdpAssociation(context, config, resolver, counters,
                ClientSource.of(requested, client.getAddress()));
        association.limitRate(datagramsPerSecond);
        if (upstreamControl != null) {
            association.via(upstreamControl, upstreamRelay, label);
        }
        ChannelHandler clientSide = new DatagramSide(association, true);
        if (control.pipeline().get(DatagramSecurity.NAME) instanceof DatagramSecurity security) {
            // A GSS-API session (RFC 1961 section 5): datagrams to and from the client are wrapped too.
            ChannelHandler layer = security.datagramLayer();
            ChannelHandler side = clientSide;
            clientSide = new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(layer, side);
                }
            };
        }
        ChannelFuture relayBound = template.clone(control.eventLoop())
                .handler(clientSide)
                .bind(new InetSocketAddress(local, 0));
        ChannelFuture outboundBound = template.clone(control.eventLoop())
                .handler(new DatagramSide(association, false))
                .bind(new InetSocketAddress(0));
        Channel relay = relayBound.channel();
        Channel outbound = outboundBound.channel();
        // A socket that could not even be created (EMFILE) is a placeholder that never closes: not tracked.
        trackUnlessFailed(context, relayBound);
        trackUnlessFailed(context, outboundBound);
        Promise<Void> both = control.eventLoop().newPromise();
        PromiseCombiner combiner = new PromiseCombiner(control.eventLoop());
        combiner.addAll(relayBound, outboundBound);
        combiner.finish(both);
        both.addListener(f -> {
            if (!context.isOpen()) {
                closeIfRegistered(relay);
                closeIfRegistered(outbound);
                if (upstreamControl != null) {
                    upstreamControl.close();
                }
            } else if (!f.isSuccess()) {
                closeIfRegistered(relay);
                closeIfRegistered(outbound);
                if (upstreamControl != null) {
                    upstreamControl.close();
                }
                context.failed(f.cause());
            } else {
                // Behind NAT or a balancer the client must be told an address it can reach (udp.advertised-address).
                InetAddress advertised = config.advertisedAddress() != null ? config.advertisedAddress() : local;
                InetSocketAddress bound = new InetSocketAddress(advertised,
                        ((InetSocketAddress) relay.localAddress()).getPort());
                context.succeeded(bound);
                association.start(relay, outbound);
            }
        });
    }

    private static void trackUnlessFailed(CommandContext context, ChannelFuture bound) {
        if (!bound.isDone() || bound.isSuccess()) {
            context.track(bound.channel());
        }
    }

    /** Netty has already closed a channel it could not register; closing it again would throw. */
    private static void closeIfRegistered(Channel channel) {
        if (channel.isRegistered()) {
            channel.close();
        }
    }
}
