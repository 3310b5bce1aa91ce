package dev.argyle.server.relay;

import dev.argyle.server.observe.Session;
import io.netty.channel.Channel;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Relays by reading into pooled buffers and writing them to the other side. */
final class CopyingRelay implements TcpRelay {
    private final Duration idleTimeout;

    CopyingRelay(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void start(Channel client, Channel target, Session session, Runnable onDone) {
        RelayPair pair = new RelayPair(client, target, session, onDone);
        if (!idleTimeout.isZero()) {
            // All-idle on the client side covers both directions: uploads are its reads, downloads its writes.
            client.pipeline().addLast("idle",
                    new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        client.pipeline().addLast("relay", new RelayHandler(pair, target, true));
        target.pipeline().addLast("relay", new RelayHandler(pair, client, false));
        Reading.resume(client);
        Reading.resume(target);
    }
}
