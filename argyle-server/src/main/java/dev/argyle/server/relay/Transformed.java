package dev.argyle.server.relay;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Marks a channel whose pipeline changes the bytes on their way (a security layer: GSS-API per-message
 * protection). Splice moves bytes socket to socket, past the pipeline, so a marked channel stays on the
 * copying path.
 */
public final class Transformed {
    private static final AttributeKey<Boolean> KEY = AttributeKey.valueOf("argyle.transformed");

    private Transformed() {
    }

    /** Marks {@code ch}; call before the relay starts. */
    public static void mark(Channel ch) {
        ch.attr(KEY).set(Boolean.TRUE);
    }

    public static boolean is(Channel ch) {
        return Boolean.TRUE.equals(ch.attr(KEY).get());
    }
}
