package dev.argyle.server.route;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.handshake.ClientHandshake;
import dev.argyle.protocol.handshake.ProxyUri;
import dev.argyle.protocol.handshake.Step;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.List;

/**
 * A connection through a chain whose last hop has answered the command with success. The handshake handler is
 * still in the pipeline: install the relay, then {@link #release()}, which passes on whatever the upstream
 * sent after its reply. Confined to the channel's event loop.
 *
 * @param channel the TCP connection to hop 1, auto-read off
 * @param reply   the last hop's (first) success reply: its BND.ADDR/BND.PORT
 * @param label   the route label for the access log ({@code lab}, {@code lab#2})
 * @param chain   the hops of the chain that worked
 */
public record Upstream(Channel channel, SocksAddress reply, String label, List<ProxyUri> chain, ClientHandshake handshake,
                       HopHandler driver) {

    /** BIND: waits for the last hop's second reply (the peer), at most {@code timeout}. */
    public Future<Step.Reply> nextReply(Duration timeout) {
        return driver.resume(handshake, timeout);
    }

    /** Takes the handshake handler out; bytes read past the final reply go to the handlers behind it. */
    public long release() {
        if (channel.pipeline().get(HopHandler.NAME) != null) {
            channel.pipeline().remove(HopHandler.NAME);
        }
        return driver.carried();
    }
}
