package dev.argyle.server.relay;

import dev.argyle.server.observe.Session;
import io.netty.channel.Channel;
import java.time.Duration;

/** Relays by reading into pooled buffers and writing them to the other side. Works on every transport. */
final class CopyingRelay implements TcpRelay {
    private final Duration idleTimeout;

    CopyingRelay(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void start(Channel client, Channel target, Session session, Runnable onDone) {
        RelayPair pair = new RelayPair(client, target, session, onDone);
        pair.watchIdle(idleTimeout);
        client.pipeline().addLast("relay", new RelayHandler(pair, target, true, true));
        target.pipeline().addLast("relay", new RelayHandler(pair, client, false, true));
        Reading.resume(client);
        Reading.resume(target);
    }
}
