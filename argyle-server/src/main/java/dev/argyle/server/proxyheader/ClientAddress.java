package dev.argyle.server.proxyheader;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * The client a session serves. Normally the accepted socket's peer; behind a load balancer that sends the PROXY
 * protocol header, the client the header names, set on the channel before the SOCKS handshake starts. Everything
 * that means "the client" (rules, limits, logs, the UDP source check, ident) asks here, never the socket.
 */
public final class ClientAddress {
    private static final AttributeKey<InetSocketAddress> CLIENT = AttributeKey.valueOf("argyle.proxy.client");
    private static final AttributeKey<InetSocketAddress> REACHED = AttributeKey.valueOf("argyle.proxy.reached");

    private ClientAddress() {
    }

    /** Records what a PROXY header said: the client, and the address it connected to on the balancer. */
    static void set(Channel ch, InetSocketAddress client, InetSocketAddress reached) {
        ch.attr(CLIENT).set(client);
        ch.attr(REACHED).set(reached);
    }

    /** The client's address and port: from the PROXY header when there was one, else the socket's peer. */
    public static InetSocketAddress of(Channel ch) {
        InetSocketAddress proxied = ch.attr(CLIENT).get();
        return proxied != null ? proxied : (InetSocketAddress) ch.remoteAddress();
    }

    /** Where the client connected: the balancer's address from the PROXY header, else the socket's own address. */
    public static InetSocketAddress reached(Channel ch) {
        InetSocketAddress proxied = ch.attr(REACHED).get();
        return proxied != null ? proxied : (InetSocketAddress) ch.localAddress();
    }

    /** Whether the client address came from a PROXY header rather than the socket. */
    public static boolean proxied(Channel ch) {
        return ch.attr(CLIENT).get() != null;
    }
}
