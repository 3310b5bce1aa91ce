package dev.argyle.client;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.handshake.ProxyUri;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A list of SOCKS hops, walked in order: connect to hop 1, ask it to CONNECT to hop 2, and so on; the last
 * hop performs the request (CONNECT, BIND or UDP ASSOCIATE).
 *
 * <pre>{@code
 * ProxyChain chain = ProxyChain.of("socks5://alice:secret@gw.example:1080", "socks5h://10.1.0.7");
 * try (Socket s = chain.connect("db.internal", 5432)) {   // db.internal is resolved by the last hop
 *     s.getOutputStream().write(...);
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe: one chain can serve any number of connections at once; the {@code withX}
 * methods return changed copies. Blocking: every operation runs on the caller's thread, bounded by the
 * connect timeout (TCP connect to hop 1, default 10 s) and the handshake timeout (per hop, default 15 s).
 * {@link #toString()} shows the hops without passwords.
 */
public final class ProxyChain {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    static final Duration DEFAULT_ACCEPT_TIMEOUT = Duration.ofMinutes(2);

    private final List<ProxyUri> hops;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final Duration acceptTimeout;
    private final int maxDatagramSize;
    private final GssapiOptions gssapi;
    private final TlsOptions tls;

    private ProxyChain(List<ProxyUri> hops, Duration connectTimeout, Duration handshakeTimeout,
                       Duration acceptTimeout, int maxDatagramSize) {
        this(hops, connectTimeout, handshakeTimeout, acceptTimeout, maxDatagramSize, GssapiOptions.DEFAULT, TlsOptions.DEFAULT);
    }

    private ProxyChain(List<ProxyUri> hops, Duration connectTimeout, Duration handshakeTimeout,
                       Duration acceptTimeout, int maxDatagramSize, GssapiOptions gssapi, TlsOptions tls) {
        this.gssapi = Objects.requireNonNull(gssapi, "gssapi");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.hops = List.copyOf(hops);
        if (this.hops.isEmpty()) {
            throw new IllegalArgumentException("a chain has at least one hop");
        }
        this.connectTimeout = positive(connectTimeout, "connect timeout");
        this.handshakeTimeout = positive(handshakeTimeout, "handshake timeout");
        this.acceptTimeout = positive(acceptTimeout, "accept timeout");
        if (maxDatagramSize < 0) {
            throw new IllegalArgumentException("max datagram size must be 0 (never fragment) or positive");
        }
        this.maxDatagramSize = maxDatagramSize;
    }

    /** A chain of hops in URI notation, first hop first, e.g. {@code of("socks5://a:1080", "socks4a://b")}. */
    public static ProxyChain of(String... uris) {
        List<ProxyUri> parsed = new ArrayList<>(uris.length);
        for (String u : uris) {
            parsed.add(ProxyUri.parse(u));
        }
        return of(parsed);
    }

    public static ProxyChain of(List<ProxyUri> hops) {
        return new ProxyChain(hops, DEFAULT_CONNECT_TIMEOUT, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_ACCEPT_TIMEOUT, 0);
    }

    public List<ProxyUri> hops() {
        return hops;
    }

    public int size() {
        return hops.size();
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public Duration acceptTimeout() {
        return acceptTimeout;
    }

    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    /** How the chain's socks5+gssapi hops authenticate. */
    public GssapiOptions gssapi() {
        return gssapi;
    }

    /** Credentials, service name and protection level for socks5+gssapi hops (default {@link GssapiOptions#DEFAULT}). */
    public ProxyChain withGssapi(GssapiOptions options) {
        return new ProxyChain(hops, connectTimeout, handshakeTimeout, acceptTimeout, maxDatagramSize, options, tls);
    }

    /** How the chain's socks5+tls hops open TLS. */
    public TlsOptions tls() {
        return tls;
    }

    /** Trust and client certificate for socks5+tls hops (default {@link TlsOptions#DEFAULT}: the JDK's trust store). */
    public ProxyChain withTls(TlsOptions options) {
        return new ProxyChain(hops, connectTimeout, handshakeTimeout, acceptTimeout, maxDatagramSize, gssapi, options);
    }

    /** How long the TCP connect to the first hop may take (default 10 s). */
    public ProxyChain withConnectTimeout(Duration d) {
        return new ProxyChain(hops, d, handshakeTimeout, acceptTimeout, maxDatagramSize, gssapi, tls);
    }

    /**
     * How long each hop's handshake may take (default 15 s), including the hop's own connect to the next hop
     * or the destination, so keep it above the proxies' connect timeouts.
     */
    public ProxyChain withHandshakeTimeout(Duration d) {
        return new ProxyChain(hops, connectTimeout, d, acceptTimeout, maxDatagramSize, gssapi, tls);
    }

    /** How long {@link SocksBind#accept()} waits for the peer (default 2 minutes). */
    public ProxyChain withAcceptTimeout(Duration d) {
        return new ProxyChain(hops, connectTimeout, handshakeTimeout, d, maxDatagramSize, gssapi, tls);
    }

    /**
     * The largest datagram {@link SocksDatagramSocket} sends to the first hop, SOCKS headers included; a larger
     * one is split into RFC 1928 fragments that the last hop reassembles. 0 (the default) never fragments.
     */
    public ProxyChain withMaxDatagramSize(int bytes) {
        return new ProxyChain(hops, connectTimeout, handshakeTimeout, acceptTimeout, bytes, gssapi, tls);
    }

    /**
     * Opens a TCP connection to {@code host:port} through the chain. A name is passed to the last hop if it is
     * socks5h or socks4a, and resolved here otherwise; an IP literal is sent as an address.
     *
     * @return the connected socket; its streams are the tunnel to the destination
     * @throws SocksException naming the hop that failed and why
     */
    public Socket connect(String host, int port) throws IOException {
        return connect(InetSocketAddress.createUnresolved(Objects.requireNonNull(host, "host"), port));
    }

    /**
     * As {@link #connect(String, int)}: a resolved address is sent as its IP, an unresolved one as its name.
     */
    public Socket connect(InetSocketAddress destination) throws IOException {
        ChainSocket s = new ChainSocket(this);
        s.connect(destination);
        return s;
    }

    /**
     * Asks the last hop to listen for one incoming connection (BIND, RFC 1928 section 4). The listening
     * address is known when this returns ({@link SocksBind#boundAddress()}); {@link SocksBind#accept()}
     * waits for the peer.
     *
     * @param expectedPeer who will connect (DST.ADDR; many proxies accept only that address, and its port is
     *                     usually 0); unresolved means "the last hop resolves it" as for {@link #connect}
     */
    public SocksBind bind(InetSocketAddress expectedPeer) throws IOException {
        ChainSocket s = new ChainSocket(this);
        ChainWalk.Result r = s.walk(Command.BIND, ChainSocket.target(expectedPeer), Deadline.NONE);
        return new SocksBind(s, r, this);
    }

    /**
     * Opens a UDP association through every hop (all must be socks5 or socks5h): see {@link SocksDatagramSocket}
     * for how datagrams are nested.
     */
    public SocksDatagramSocket associate() throws IOException {
        return SocksDatagramSocket.open(this);
    }

    /** A {@link javax.net.SocketFactory} whose sockets connect through this chain. */
    public ChainSocketFactory socketFactory() {
        return new ChainSocketFactory(this);
    }

    HopRef hopRef(int index) {
        return new HopRef(index, hops.size(), hops.get(index - 1));
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
        return d;
    }

    /** The hops without passwords: {@code socks5://alice@a:1080 -> socks5h://b:1080}. */
    @Override
    public String toString() {
        return hops.stream().map(ProxyUri::toString).collect(Collectors.joining(" -> "));
    }
}
