package dev.argyle.server.relay;

import dev.argyle.server.observe.Session;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollChannelConfig;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/**
 * Zero-copy relay on Linux: each direction moves socket → pipe → socket with splice(2), through Netty's
 * {@link AbstractEpollStreamChannel#spliceTo}, so payload never enters user space. Netty throttles the
 * source while the destination cannot take more (the pipe's contents wait in the destination's outbound
 * queue), which is the back-pressure.
 *
 * <p>The end of a direction needs care. Netty notices the peer's FIN through EPOLLRDHUP and shuts the input
 * down even when its splice loop stopped early (the pipe was full), leaving bytes in the socket that it will
 * never read: a naive splice relay loses them (see NOTES.md). So at input shutdown this relay reads what is
 * left itself, straight from the descriptor, queues it behind the spliced data, and only then passes the FIN
 * on. Requires both channels on one event loop, which the server guarantees.
 */
final class SpliceRelay implements TcpRelay {
    private static final int DRAIN_CHUNK = 64 * 1024;
    private final Duration idleTimeout;

    SpliceRelay(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /** True when both channels can splice to each other. */
    static boolean applies(Channel client, Channel target) {
        return client instanceof AbstractEpollStreamChannel && target instanceof AbstractEpollStreamChannel
                && client.eventLoop() == target.eventLoop();
    }

    @Override
    @SuppressWarnings("deprecation") // EpollMode: splice requires level-triggered mode on both channels.
    public void start(Channel client, Channel target, Session session, Runnable onDone) {
        AbstractEpollStreamChannel c = (AbstractEpollStreamChannel) client;
        AbstractEpollStreamChannel t = (AbstractEpollStreamChannel) target;
        RelayPair pair = new RelayPair(client, target, session, onDone);
        pair.watchIdle(idleTimeout);
        ((EpollChannelConfig) c.config()).setEpollMode(EpollMode.LEVEL_TRIGGERED);
        ((EpollChannelConfig) t.config()).setEpollMode(EpollMode.LEVEL_TRIGGERED);
        client.pipeline().addLast("relay", new SpliceEvents(pair, c, t, true));
        target.pipeline().addLast("relay", new SpliceEvents(pair, t, c, false));
        splice(pair, c, t, "client");
        splice(pair, t, c, "target");
        Reading.resume(client);
        Reading.resume(target);
    }

    private static void splice(RelayPair pair, AbstractEpollStreamChannel from, AbstractEpollStreamChannel to,
                               String side) {
        // Integer.MAX_VALUE: splice until the channel closes; the future only ever fails.
        from.spliceTo(to, Integer.MAX_VALUE).addListener(f -> {
            Throwable cause = f.cause();
            if (cause != null && !(cause instanceof ClosedChannelException)) {
                pair.fail(side + ": " + cause.getMessage());
            }
        });
    }

    /** Relay events for one side, plus the drain at input shutdown. */
    private static final class SpliceEvents extends RelayHandler {
        private final AbstractEpollStreamChannel self;

        SpliceEvents(RelayPair pair, AbstractEpollStreamChannel self, AbstractEpollStreamChannel peer,
                     boolean clientSide) {
            super(pair, peer, clientSide, false);
            this.self = self;
        }

        @Override
        void onInputShutdown(ChannelHandlerContext ctx) {
            // Level-triggered and at EOF, the socket would stay readable forever: stop polling it.
            self.config().setAutoRead(false);
            try {
                long drained = drain();
                pair.addDrained(clientSide, drained);
            } catch (IOException e) {
                pair.fail((clientSide ? "client: " : "target: ") + e.getMessage());
                return;
            }
            super.onInputShutdown(ctx);
        }

        /**
         * Reads what the peer sent before its FIN but the splice loop left in the socket, and queues it for the
         * other side behind the spliced bytes. After FIN the kernel holds all of it (at most the receive
         * buffer), so this ends at EOF.
         */
        private long drain() throws IOException {
            FileDescriptor fd = self.fd();
            long total = 0;
            while (true) {
                ByteBuf buf = self.alloc().directBuffer(DRAIN_CHUNK);
                int n;
                try {
                    java.nio.ByteBuffer window = buf.internalNioBuffer(0, DRAIN_CHUNK);
                    n = fd.read(window, window.position(), window.limit());
                } catch (IOException | RuntimeException e) {
                    buf.release();
                    throw e;
                }
                if (n <= 0) {
                    buf.release();
                    break;
                }
                buf.writerIndex(n);
                total += n;
                peer.write(buf, peer.voidPromise());
            }
            if (total > 0) {
                peer.flush();
            }
            return total;
        }
    }
}
