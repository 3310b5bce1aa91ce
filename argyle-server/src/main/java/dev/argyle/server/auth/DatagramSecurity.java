package dev.argyle.server.auth;

import io.netty.channel.ChannelHandler;

/**
 * A session's security layer that also protects the session's UDP datagrams (RFC 1961 section 5). The UDP
 * relay finds it in the client channel's pipeline and puts {@link #datagramLayer()} in front of its
 * client-facing socket.
 */
public interface DatagramSecurity {
    /** The pipeline name the layer is installed under on the client channel. */
    String NAME = "security-layer";

    /** A new handler that unwraps datagrams from the client and wraps those to it. */
    ChannelHandler datagramLayer();
}
