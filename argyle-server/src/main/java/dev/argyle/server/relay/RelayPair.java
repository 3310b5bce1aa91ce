package dev.argyle.server.relay;

import dev.argyle.server.observe.Session;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;

/**
 * The shared state of one relayed connection: which directions have finished, and the rule for closing.
 * Confined to the event loop both channels share.
 *
 * <p>Half-close: when one side sends FIN, whatever it sent is flushed to the other side first and only then
 * is the other side's output shut down, so no byte in flight is lost; the channels close when both
 * directions have finished, or at once when either side fails or is reset.
 */
final class RelayPair {
    private final Channel client;
    private final Channel target;
    private final Session session;
    private final Runnable onDone;
    private boolean clientInputDone;
    private boolean targetInputDone;
    private boolean closing;
    private int closedChannels;

    RelayPair(Channel client, Channel target, Session session, Runnable onDone) {
        this.client = client;
        this.target = target;
        this.session = session;
        this.onDone = onDone;
        ChannelFutureListener closed = f -> {
            if (++closedChannels == 2) {
                onDone.run();
            }
        };
        client.closeFuture().addListener(closed);
        target.closeFuture().addListener(closed);
    }

    Session session() {
        return session;
    }

    /** The side named by {@code fromClient} sent FIN: pass it on after what it sent has been written. */
    void inputShutdown(boolean fromClient) {
        if (fromClient) {
            clientInputDone = true;
        } else {
            targetInputDone = true;
        }
        Channel other = fromClient ? target : client;
        other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                closeBoth();
            } else if (clientInputDone && targetInputDone) {
                closeBoth();
            } else if (other instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                closeBoth();
            }
        });
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
