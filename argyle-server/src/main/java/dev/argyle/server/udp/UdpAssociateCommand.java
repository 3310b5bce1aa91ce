package dev.argyle.server.udp;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.Transport;
import dev.argyle.server.command.CommandContext;
import dev.argyle.server.command.SocksCommand;
import dev.argyle.server.config.UdpConfig;
import dev.argyle.server.resolve.Resolver;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseCombiner;
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
    /** Unflushed or unsent datagrams per socket above which new ones are dropped (CONGESTED). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

    private final Bootstrap template;
    private final UdpConfig config;
    private final Resolver resolver;
    private final UdpCounters counters;

    public UdpAssociateCommand(Transport transport, UdpConfig config, Resolver resolver, UdpCounters counters) {
        this.config = config;
        this.resolver = resolver;
        this.counters = counters;
        this.template = new Bootstrap()
                .channel(transport.datagramChannel())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    }

    @Override
    public void execute(CommandContext context, SocksAddress requested) {
        Channel control = context.client();
        InetSocketAddress local = (InetSocketAddress) control.localAddress();
        InetSocketAddress client = (InetSocketAddress) control.remoteAddress();
        UdpAssociation association = new UdpAssociation(context, config, resolver, counters,
                ClientSource.of(requested, client.getAddress()));
        ChannelFuture relayBound = template.clone(control.eventLoop())
                .handler(new DatagramSide(association, true))
                .bind(new InetSocketAddress(local.getAddress(), 0));
        ChannelFuture outboundBound = template.clone(control.eventLoop())
                .handler(new DatagramSide(association, false))
                .bind(new InetSocketAddress(0));
        Channel relay = relayBound.channel();
        Channel outbound = outboundBound.channel();
        context.track(relay);
        context.track(outbound);
        Promise<Void> both = control.eventLoop().newPromise();
        PromiseCombiner combiner = new PromiseCombiner(control.eventLoop());
        combiner.addAll(relayBound, outboundBound);
        combiner.finish(both);
        both.addListener(f -> {
            if (!context.isOpen()) {
                relay.close();
                outbound.close();
            } else if (!f.isSuccess()) {
                relay.close();
                outbound.close();
                context.failed(f.cause());
            } else {
                InetSocketAddress bound = new InetSocketAddress(local.getAddress(),
                        ((InetSocketAddress) relay.localAddress()).getPort());
                context.succeeded(bound);
                association.start(relay, outbound);
            }
        });
    }
}
