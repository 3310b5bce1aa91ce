package dev.argyle.server.command;

import io.netty.channel.Channel;

/** How a command reports back to the session. Called on the session's event loop, exactly once. */
public interface CommandOutcome {
    /** The outbound connection is up (auto-read off, half-closure allowed); the session replies and relays. */
    void connected(Channel target);

    /** The command failed; {@code cause} is mapped to a reply code by {@code ReplyCode.forFailure}. */
    void failed(Throwable cause);
}
