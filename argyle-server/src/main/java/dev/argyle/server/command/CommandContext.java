package dev.argyle.server.command;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.observe.Session;
import dev.argyle.server.policy.Decision;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * What a command sees of its session. The handshake owns the wire format: a command says "succeeded with
 * this bound address" or "failed with this code" and the reply goes out in the client's SOCKS version.
 * All methods must be called on the client channel's event loop.
 */
public interface CommandContext {
    /** The client's connection (auto-read is off while the command runs). */
    Channel client();

    Session session();

    /** 4 or 5. */
    int version();

    /**
     * Sends a success reply naming {@code bound} (BND.ADDR/BND.PORT; for SOCKS4 DSTIP/DSTPORT, where an IPv6
     * address becomes 0.0.0.0). BIND calls it twice: once listening, once connected.
     */
    ChannelFuture succeeded(InetSocketAddress bound);

    /** Sends the failure reply for {@code code} (SOCKS4: 0x5b), then closes the client cleanly. */
    void failed(ReplyCode code, String reason);

    /** {@link #failed(ReplyCode, String)} with the code {@link ReplyCode#forFailure} gives {@code cause}. */
    void failed(Throwable cause);

    /**
     * After the last success reply: relays between the client and {@code target} until both are done. Bytes
     * the client sent after its request are forwarded to {@code target} first.
     */
    void relay(Channel target);

    /**
     * For commands that keep the client connection for themselves (UDP ASSOCIATE's control connection): the
     * handshake steps aside, bytes after the request are dropped, and the session is reported ended when the
     * client channel closes, after close listeners the command registered before calling this.
     */
    void takeOver();

    /**
     * Checks the request rules for one destination of this session's command at {@code address} (a name's
     * resolved address, or the literal's own); the decision is recorded for the access log. The request as
     * received was checked before the command ran; commands call this for what they learn later: each address
     * a name resolves to (so that a name cannot lead where its address could not), each UDP destination.
     * A blocked destination must not be used; when nothing is left, reply {@link ReplyCode#NOT_ALLOWED}.
     */
    Decision authorize(SocksAddress destination, InetAddress address);

    /** Registers a channel the command opened, so that shutdown closes it. */
    void track(Channel channel);

    /** False once the client has gone or the session was refused: a late result must then be discarded. */
    boolean isOpen();
}
