package dev.argyle.server.relay;

import dev.argyle.server.limit.UserBandwidth;
import dev.argyle.server.observe.Session;
import io.netty.channel.Channel;
import java.time.Duration;

/**
 * The relay: copies through pooled buffers, and moves a direction to zero-copy splice once it has carried
 * {@code spliceAfter} bytes, where the transport allows (epoll). {@code Long.MAX_VALUE} never splices;
 * 0 splices from the first byte.
 */
final class CopyingRelay implements TcpRelay {
    private final Duration idleTimeout;
    private final long spliceAfter;
    private final Bandwidth bandwidth;

    CopyingRelay(Duration idleTimeout, long spliceAfter, Bandwidth bandwidth) {
        this.idleTimeout = idleTimeout;
        this.spliceAfter = spliceAfter;
        this.bandwidth = bandwidth;
    }

    @Override
    public void start(Channel client, Channel target, Session session, Runnable onDone) {
        Direction up = new Direction(client, target, true);
        Direction down = new Direction(target, client, false);
        Runnable done = onDone;
        if (bandwidth.config().any()) {
            UserBandwidth.Share share = bandwidth.shape(session, up, down);
            if (share != null) {
                done = () -> {
                    share.close();
                    onDone.run();
                };
            }
        }
        RelayPair pair = new RelayPair(up, down, session, done);
        if (up.shaper != null || down.shaper != null) {
            pair.alsoMoving(() -> up.released + down.released);
        }
        pair.watchIdle(idleTimeout);
        client.pipeline().addLast("relay", new RelayHandler(pair, up, down, spliceAfter));
        target.pipeline().addLast("relay", new RelayHandler(pair, down, up, spliceAfter));
        if (spliceAfter == 0) {
            for (Direction d : new Direction[] {up, down}) {
                if (d.shaper == null && Splicer.applies(d)) {
                    Splicer.start(d, pair);
                }
            }
        }
        Reading.resume(client);
        Reading.resume(target);
    }
}
