package dev.argyle.server.relay;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;

/** Turning reading back on, safely. */
public final class Reading {
    private Reading() {
    }

    /**
     * Resumes auto-read unless the channel's input is already shut down: the epoll transport may have
     * dropped a half-closed descriptor from its interest set, and re-arming it then fails with ENOENT.
     */
    public static void resume(Channel ch) {
        if (ch instanceof DuplexChannel duplex && duplex.isInputShutdown()) {
            return;
        }
        ch.config().setAutoRead(true);
    }
}
