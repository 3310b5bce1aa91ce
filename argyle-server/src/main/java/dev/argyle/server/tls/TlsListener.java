package dev.argyle.server.tls;

import dev.argyle.server.relay.Transformed;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

/**
 * Puts TLS in front of the SOCKS handshake on one listener. The context is built at start and again at each
 * reload, from the same files (a certificate renewed in place takes a reload; other {@code tls} changes take a
 * restart like other listener changes).
 */
public final class TlsListener {
    private final SslContext context;

    public TlsListener(TlsConfig config) {
        this.context = TlsContexts.server(config);
    }

    /**
     * Adds the {@link SslHandler} at the end of {@code ch}'s pipeline (add the handshake after it) and marks the
     * channel {@link Transformed}: splice would move the ciphertext past the SslHandler, so the client side
     * always stays on the copying relay. The TLS handshake is bounded by the SOCKS handshake timeout, which runs
     * from accept; the SslHandler's own timeout is switched off so the two do not race.
     */
    public void install(SocketChannel ch) {
        SslHandler ssl = context.newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(0);
        ch.pipeline().addLast("tls", ssl);
        Transformed.mark(ch);
    }
}
