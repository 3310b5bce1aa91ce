package dev.argyle.server.proxyheader;

import dev.argyle.server.config.ProxyProtocolConfig;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.time.Duration;

/** Puts the PROXY protocol handlers in front of the handshake on a listener that requires the header. */
public final class ProxyHeaders {
    private ProxyHeaders() {
    }

    /**
     * Adds, at the end of {@code pipeline}: the source check, Netty's v1/v2 decoder (v1 lines up to 108 bytes,
     * v2 up to its 16-bit length) and the reader that records the client. Add the handshake after these.
     *
     * @param timeout how long the header may take to arrive (the handshake timeout)
     */
    public static void install(ChannelPipeline pipeline, ProxyProtocolConfig config, ProxyHeaderCounters counters,
                               Duration timeout) {
        pipeline.addLast("proxy-gate", new ProxyHeaderGate(config, counters));
        pipeline.addLast("proxy-decoder", new HAProxyMessageDecoder());
        pipeline.addLast("proxy-header", new ProxyHeaderReader(counters, timeout));
    }
}
