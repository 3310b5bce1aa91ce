package dev.argyle.client;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ProxySelector} that sends java.net connections through a {@link ProxyChain}.
 *
 * <p>The JDK's SOCKS client can speak to one SOCKS5 proxy only, without socks4a, socks5h for resolved
 * addresses, per-hop passwords or chains. So this selector starts a small SOCKS5 gateway on a loopback port
 * inside this JVM that runs every CONNECT through the chain, and answers every {@link #select} with that
 * gateway as a SOCKS proxy. What it works with: {@code new Socket(selector.proxy())},
 * {@code ProxySelector.setDefault(selector)} (plain {@code Socket}s, {@code URL.openConnection()}),
 * {@code HttpURLConnection}. What it does not: {@code java.net.http.HttpClient} ignores SOCKS proxies from a
 * selector and connects directly; nothing that uses UDP.
 *
 * <pre>{@code
 * try (ChainProxySelector selector = ChainProxySelector.start(ProxyChain.of("socks5://a:1080", "socks5h://b"))) {
 *     Socket s = new Socket(selector.proxy());
 *     s.connect(InetSocketAddress.createUnresolved("intranet.example", 80));   // the name goes to hop b
 * }
 * }</pre>
 *
 * <p>Names: the JDK sends a name to the gateway only for an unresolved address; {@code new Socket(host, port)}
 * and URL connections resolve first when they can. The gateway is not authenticated: while it runs, other
 * processes on this host could use its port (it listens on loopback only, on an ephemeral port). It never
 * falls back to a direct connection: {@link #connectFailed} does nothing. Close the selector to stop the
 * gateway and its connections. Thread-safe.
 */
public final class ChainProxySelector extends ProxySelector implements Closeable {
    private final ProxyChain chain;
    private final LocalGateway gateway;
    private final Proxy proxy;

    private ChainProxySelector(ProxyChain chain, LocalGateway gateway) {
        this.chain = chain;
        this.gateway = gateway;
        this.proxy = new Proxy(Proxy.Type.SOCKS, gateway.address());
    }

    /** Starts the gateway for {@code chain} on 127.0.0.1 (an ephemeral port). */
    public static ChainProxySelector start(ProxyChain chain) throws IOException {
        Objects.requireNonNull(chain, "chain");
        return new ChainProxySelector(chain, new LocalGateway(chain, InetAddress.getLoopbackAddress()));
    }

    /** The gateway as a SOCKS proxy, for {@code new Socket(proxy)} and {@code URL.openConnection(proxy)}. */
    public Proxy proxy() {
        return proxy;
    }

    public InetSocketAddress gatewayAddress() {
        return gateway.address();
    }

    public ProxyChain chain() {
        return chain;
    }

    /** The gateway, for every URI. */
    @Override
    public List<Proxy> select(URI uri) {
        Objects.requireNonNull(uri, "uri");
        return List.of(proxy);
    }

    /** Nothing: there is no other route to fall back to, by design. */
    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        Objects.requireNonNull(uri, "uri");
    }

    /** Stops the gateway and closes the connections it carries. */
    @Override
    public void close() {
        gateway.close();
    }

    @Override
    public String toString() {
        return "ChainProxySelector[gateway " + gateway.address() + " -> " + chain + "]";
    }
}
