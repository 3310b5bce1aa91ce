package dev.argyle.server.relay;

import dev.argyle.server.observe.Session;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The shared state of one relayed connection: which directions have finished, the byte counts, the idle
 * watch, and the rule for closing. Confined to the event loop both channels share.
 *
 * <p>Half-close: when one side sends FIN, whatever it sent is flushed to the other side first and only then
 * is the other side's output shut down, so no byte in flight is lost; the channels close when both
 * directions have finished, or at once when either side fails or is reset.
 *
 * <p>Bytes are counted by each channel's {@link ByteCounter} (the copying and the splice path alike), from
 * the relay's start, plus what a relay moved outside Netty's read loop ({@link #addDrained}).
 */
final class RelayPair {
    private final Channel client;
    private final Channel target;
    private final Direction up;
    private final Direction down;
    private final Session session;
    private final long clientStart;
    private final long targetStart;
    private long drainedUp;
    private long drainedDown;
    private boolean clientInputDone;
    private boolean targetInputDone;
    private boolean closing;
    private int closedChannels;
    private ScheduledFuture<?> idleWatch;
    /** Movement the read counts do not show (a shaper passing on what it held); see {@link #alsoMoving}. */
    private java.util.function.LongSupplier otherMovement = () -> 0;

    RelayPair(Direction up, Direction down, Session session, Runnable onDone) {
        this.up = up;
        this.down = down;
        this.client = up.from;
        this.target = down.from;
        this.session = session;
        this.clientStart = ByteCounter.read(client);
        this.targetStart = ByteCounter.read(target);
        ChannelFutureListener closed = f -> {
            if (++closedChannels == 2) {
                if (idleWatch != null) {
                    idleWatch.cancel(false);
                }
                session.addUp(bytesUp());
                session.addDown(bytesDown());
                onDone.run();
            }
        };
        client.closeFuture().addListener(closed);
        target.closeFuture().addListener(closed);
    }

    long bytesUp() {
        return ByteCounter.read(client) - clientStart + drainedUp;
    }

    long bytesDown() {
        return ByteCounter.read(target) - targetStart + drainedDown;
    }

    /** Bytes a relay read itself, bypassing the channel's read loop (and so its counter). */
    void addDrained(boolean fromClient, long n) {
        if (fromClient) {
            drainedUp += n;
        } else {
            drainedDown += n;
        }
    }

    /** Before {@link #watchIdle}: {@code moved} also counts as bytes moving (it only grows). */
    void alsoMoving(java.util.function.LongSupplier moved) {
        this.otherMovement = moved;
    }

    /**
     * Closes the pair when no byte has moved either way for {@code idle}. Checked a few times per period
     * rather than per read, because the splice path has no per-read callback to hook.
     */
    void watchIdle(Duration idle) {
        if (idle.isZero() || idle.isNegative()) {
            return;
        }
        long idleNanos = idle.toNanos();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(idleNanos / 4, TimeUnit.SECONDS.toNanos(30)));
        long[] last = {bytesUp() + bytesDown() + otherMovement.getAsLong(), System.nanoTime()};
        idleWatch = client.eventLoop().scheduleAtFixedRate(() -> {
            long moved = bytesUp() + bytesDown() + otherMovement.getAsLong();
            long now = System.nanoTime();
            if (moved != last[0]) {
                last[0] = moved;
                last[1] = now;
            } else if (now - last[1] >= idleNanos) {
                fail("idle timeout");
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }

    /** The side named by {@code fromClient} sent FIN: pass it on after what it sent has been written. */
    void inputShutdown(boolean fromClient) {
        if (fromClient) {
            clientInputDone = true;
        } else {
            targetInputDone = true;
        }
        Channel source = fromClient ? client : target;
        Channel other = fromClient ? target : client;
        other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            // A finished splice re-enables reading on its source; at EOF that source would be readable
            // forever. Everything it sent is written now, so stop polling it for good.
            source.config().setAutoRead(false);
            if (!f.isSuccess()) {
                closeBoth();
            } else if (clientInputDone && targetInputDone) {
                closeBoth();
            } else if (other instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
                closeAtNextEnd(fromClient ? down : up);
            } else {
                closeBoth();
            }
        });
    }

    /**
     * The other direction has ended and its FIN is passed on: when {@code last} ends too, the pair closes, so
     * its source need not be half-closed first. Without half-closure Netty closes the channel at EOF instead
     * of shutting its input down ({@code shutdown(SHUT_RD)}, which fails with ENOTCONN once the peer has
     * closed and costs a stack-traced exception, an {@code epoll_ctl} and an event); the close then delivers
     * what was read before the EOF and closes the peer ({@link #channelClosed}). Only on the copying path: a
     * spliced or shaped direction needs the input-shutdown event to pass on what its pipe or shaper still
     * holds, so {@link Splicer#start} turns half-closure back on.
     */
    private static void closeAtNextEnd(Direction last) {
        if (!last.spliced && last.shaper == null && last.from.isActive()) {
            last.from.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
        }
    }

    /** One channel closed (or was reset): deliver what the other side still has queued, then close it. */
    void channelClosed(boolean clientSide) {
        Channel other = clientSide ? target : client;
        if (other.isActive()) {
            other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    void fail(String reason) {
        session.error(reason);
        closeBoth();
    }

    void closeBoth() {
        if (closing) {
            return;
        }
        closing = true;
        client.close();
        target.close();
    }
}
