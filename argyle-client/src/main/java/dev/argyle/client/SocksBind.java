package dev.argyle.client;

import dev.argyle.protocol.handshake.HostText;
import dev.argyle.protocol.handshake.ProxyUri;
import dev.argyle.protocol.handshake.Step;
import dev.argyle.protocol.SocksAddress;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * A BIND in progress on the chain's last hop: it listens at {@link #boundAddress()}; tell the peer that address
 * (FTP's PORT command is the classic case), then {@link #accept()} waits for the peer's connection and returns
 * it. The accepted connection is the same tunnel that carried the request, now relaying to the peer.
 *
 * <pre>{@code
 * try (SocksBind bind = chain.bind(new InetSocketAddress(peerIp, 0))) {
 *     tellThePeer(bind.boundAddress());
 *     Socket fromPeer = bind.accept();     // bounded by the chain's accept timeout
 * }
 * }</pre>
 *
 * <p>One accept per bind (a proxy accepts one connection). Closing before accept cancels the BIND; after a
 * successful accept the socket belongs to the caller and closing this does nothing to it. Not thread-safe.
 */
public final class SocksBind implements Closeable {
    private final ChainSocket socket;
    private final ChainWalk.Result walk;
    private final ProxyChain chain;
    private final InetSocketAddress bound;
    private boolean accepted;

    SocksBind(ChainSocket socket, ChainWalk.Result walk, ProxyChain chain) {
        this.socket = socket;
        this.walk = walk;
        this.chain = chain;
        this.bound = substitute(walk.reply(), walk.hop().uri());
    }

    /**
     * Where the last hop listens. A proxy that answers with 0.0.0.0 (or ::) means "my own address": that is
     * replaced by the last hop's host from its URI.
     */
    public InetSocketAddress boundAddress() {
        return bound;
    }

    /** Waits for the peer up to the chain's accept timeout. */
    public Socket accept() throws IOException {
        return accept(chain.acceptTimeout());
    }

    /**
     * Waits for the peer's connection (the proxy's second reply) for up to {@code timeout}.
     *
     * @return the connection from the peer; {@link Socket#getRemoteSocketAddress()} is the peer's address as
     *         the proxy reported it
     * @throws SocksException TIMEOUT if the peer did not come in time (the bind stays open and accept may be
     *                        called again), REPLY if the proxy gave up (its own accept timeout, a stranger)
     */
    public Socket accept(Duration timeout) throws IOException {
        if (accepted) {
            throw new IllegalStateException("a BIND accepts one connection, and it was accepted");
        }
        Step.Reply reply;
        try {
            reply = walk.driver().resume(walk.handshake(), walk.hop(), Deadline.after(timeout));
        } catch (SocksException e) {
            if (e.kind() != SocksException.Kind.TIMEOUT) {
                socket.closeQuietly();
            }
            throw e;
        }
        accepted = true;
        socket.destination(reply.address().toSocketAddress());
        return socket;
    }

    /** Cancels the BIND if no peer was accepted yet; otherwise does nothing. */
    @Override
    public void close() throws IOException {
        if (!accepted) {
            socket.close();
        }
    }

    static InetSocketAddress substitute(SocksAddress reply, ProxyUri hop) {
        if (!reply.isDomain() && reply.address().isAnyLocalAddress()) {
            InetAddress literal = HostText.literal(hop.host());
            return literal != null ? new InetSocketAddress(literal, reply.port())
                    : new InetSocketAddress(hop.host(), reply.port());
        }
        return reply.toSocketAddress();
    }

    @Override
    public String toString() {
        return "SocksBind[" + bound + " at hop " + walk.hop().index() + " (" + walk.hop().uri() + ")"
                + (accepted ? ", accepted" : "") + "]";
    }
}
