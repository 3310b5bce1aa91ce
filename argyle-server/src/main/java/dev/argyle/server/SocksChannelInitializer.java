package dev.argyle.server;

import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.overload.MemoryWatch;
import dev.argyle.server.proxyheader.ProxyHeaderCounters;
import dev.argyle.server.proxyheader.ProxyHeaders;
import dev.argyle.server.relay.ByteCounter;
import dev.argyle.server.relay.KeepAlive;
import dev.argyle.server.tls.TlsListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.util.function.Supplier;

/**
 * Sets up each accepted client: tracked for shutdown, then the handshake with the policy current at accept
 * (a reload after this does not change it for this session).
 */
final class SocksChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final Supplier<Generation> current;
    private final ListenerConfig listener;
    private final MemoryWatch memoryWatch;
    private final ProxyHeaderCounters proxyHeaders;
    /** {@code null} on a plain listener; replaced by a reload that reads its certificate files again. */
    private volatile TlsListener tls;

    SocksChannelInitializer(Supplier<Generation> current, ListenerConfig listener, ProxyHeaderCounters proxyHeaders) {
        this.current = current;
        this.listener = listener;
        this.proxyHeaders = proxyHeaders;
        this.memoryWatch = new MemoryWatch(current.get().context().overload());
        this.tls = listener.tls().enabled() ? new TlsListener(listener.tls()) : null;
    }

    /**
     * On a TLS listener, reads its certificate, key and client CA files again (a renewed certificate at the same
     * paths) into a context that {@link #useTls} then puts in force for new connections; {@code null} on a
     * plain listener. Throws {@link IllegalArgumentException} naming the file, as at start.
     */
    TlsListener readTlsAgain() {
        return tls == null ? null : new TlsListener(listener.tls());
    }

    /** New connections get {@code fresh} (from {@link #readTlsAgain}); open ones keep the context they began with. */
    void useTls(TlsListener fresh) {
        if (fresh != null) {
            tls = fresh;
        }
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        Generation policy = current.get();
        ServerContext server = policy.context();
        server.channels().add(ch);
        ch.pipeline().addFirst("memory", memoryWatch);
        ByteCounter.install(ch);
        if (KeepAlive.useful(server.config().timeouts().idle())) { // per generation: a reload may change it
            ch.config().setKeepAlive(true);
        }
        if (listener.proxyProtocol().enabled()) { // the handshake starts once the header has named the client
            ProxyHeaders.install(ch.pipeline(), listener.proxyProtocol(), proxyHeaders, server.config().timeouts().handshake());
        }
        TlsListener tlsNow = tls;
        if (tlsNow != null) { // after the PROXY header, which a balancer sends in clear before the client's TLS
            tlsNow.install(ch);
        }
        ch.pipeline().addLast("handshake", new SocksHandshakeHandler(server, listener, policy.commands()));
    }
}
