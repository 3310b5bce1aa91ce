package dev.argyle.server.relay;

import io.netty.channel.Channel;

/**
 * One direction of a relayed connection ({@code from} → {@code to}): whether it has moved to the splice path,
 * and how many bytes went through the copying path, which decides when to move.
 */
final class Direction {
    final Channel from;
    final Channel to;
    final boolean clientToTarget;
    boolean spliced;
    long copied;
    /** Null unless a bandwidth limit applies to this direction; then it never splices. */
    Shaper shaper;
    /** Bytes the shaper held (read past a pause) and has passed on since: activity the read counts miss. */
    long released;

    Direction(Channel from, Channel to, boolean clientToTarget) {
        this.from = from;
        this.to = to;
        this.clientToTarget = clientToTarget;
    }
}
