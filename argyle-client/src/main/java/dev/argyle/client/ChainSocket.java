package dev.argyle.client;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * A plain TCP socket to the chain's first hop that, on {@link #connect}, walks the chain to the destination.
 * Once connected it is the tunnel: streams, options, half-close and close are the ordinary socket's. Only
 * the remote-address getters are changed, to name the destination rather than the first hop (as the JDK's
 * own SOCKS sockets do).
 *
 * <p>Built with {@link Proxy#NO_PROXY}, so a {@link java.net.ProxySelector} installed as the default (even a
 * {@link ChainProxySelector}) is never consulted for the connection to hop 1.
 */
final class ChainSocket extends Socket {
    private final ProxyChain chain;
    private volatile InetSocketAddress destination;
    private volatile InetSocketAddress firstHop;
    /** The tunnel's streams when a GSS-API hop protects it (RFC 1961 MTYP 3), else null: the socket's own. */
    private volatile java.io.InputStream protectedIn;
    private volatile java.io.OutputStream protectedOut;
    private volatile dev.argyle.protocol.gssapi.MessageProtection protection;

    ChainSocket(ProxyChain chain) {
        super(Proxy.NO_PROXY);
        this.chain = chain;
    }

    /**
     * Connects through the chain. A resolved endpoint is sent as its IP address; an unresolved one
     * ({@link InetSocketAddress#createUnresolved}) as its name, which socks4a and socks5h hops pass on and
     * socks4 and socks5 hops resolve here.
     *
     * @param timeout 0 for the chain's own timeouts (connect, then handshake per hop); otherwise, in
     *                milliseconds, a bound on the whole walk as well
     */
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (!(endpoint instanceof InetSocketAddress isa)) {
            throw new IllegalArgumentException("unsupported address type: " + endpoint);
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("connect: timeout can't be negative");
        }
        Deadline overall = timeout == 0 ? Deadline.NONE : Deadline.after(Duration.ofMillis(timeout));
        walk(Command.CONNECT, target(isa), overall);
        destination = isa;
    }

    /** Connects to hop 1, then runs the handshakes of hops 1..count; closes the socket if anything fails. */
    ChainWalk.Result walk(Command command, SocksAddress target, Deadline overall) throws IOException {
        return walk(chain.size(), command, target, overall);
    }

    ChainWalk.Result walk(int count, Command command, SocksAddress target, Deadline overall) throws IOException {
        try {
            Addressing.precheck(chain.hopRef(count), target);
            ChainWalk.reachFirstHop(this, chain, overall.min(chain.connectTimeout()));
            ChainWalk.Result result = ChainWalk.through(this, chain, count, command, target, overall);
            protectedBy(result.driver());
            return result;
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * Takes the driver's streams as the tunnel's, when a GSS-API hop agreed on protection or a TLS hop layered
     * TLS over the connection.
     */
    void protectedBy(HandshakeDriver driver) {
        tunnel(driver);
        if (driver.isProtected()) {
            protection = driver.protection();
        }
    }

    /** The driver's current streams become this socket's (a TLS hop layers its SSLSocket over them). */
    void tunnel(HandshakeDriver driver) {
        if (driver.isLayered()) {
            protectedIn = driver.in();
            protectedOut = driver.out();
        }
    }

    /** The first GSS-API hop's protection, or null. */
    dev.argyle.protocol.gssapi.MessageProtection protection() {
        return protection;
    }

    /** The plain TCP connect to hop 1. */
    void connectDirect(InetSocketAddress hop, int timeout) throws IOException {
        super.connect(hop, timeout);
        firstHop = hop;
    }

    /** Sets what the remote getters report (BIND: the peer, once it has connected). */
    void destination(InetSocketAddress remote) {
        destination = remote;
    }

    /** The first hop's address (the socket's real peer), or null before connecting. */
    InetSocketAddress firstHop() {
        return firstHop;
    }

    static SocksAddress target(InetSocketAddress isa) {
        return isa.isUnresolved()
                ? SocksAddress.domain(isa.getHostString(), isa.getPort())
                : SocksAddress.of(isa.getAddress(), isa.getPort());
    }

    /** The tunnel: through TLS of socks5+tls hops, unwrapping RFC 1961 messages when a GSS-API hop agreed on protection. */
    @Override
    public java.io.InputStream getInputStream() throws IOException {
        java.io.InputStream p = protectedIn;
        return p != null ? p : super.getInputStream();
    }

    /** The tunnel: through TLS of socks5+tls hops, wrapping RFC 1961 messages when a GSS-API hop agreed on protection. */
    @Override
    public java.io.OutputStream getOutputStream() throws IOException {
        java.io.OutputStream p = protectedOut;
        return p != null ? p : super.getOutputStream();
    }

    /** The destination's address; null before connecting, or when the destination was given as a name. */
    @Override
    public InetAddress getInetAddress() {
        InetSocketAddress d = destination;
        return d == null ? null : d.getAddress();
    }

    @Override
    public int getPort() {
        InetSocketAddress d = destination;
        return d == null ? 0 : d.getPort();
    }

    /** The destination as it was asked for (possibly an unresolved name), or null before connecting. */
    @Override
    public SocketAddress getRemoteSocketAddress() {
        return destination;
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // Closing after a failure: the failure is what the caller needs to see.
        }
    }

    @Override
    public String toString() {
        InetSocketAddress d = destination;
        return "ChainSocket[" + (d == null ? "unconnected" : "to " + d) + " via " + chain + "]";
    }
}
