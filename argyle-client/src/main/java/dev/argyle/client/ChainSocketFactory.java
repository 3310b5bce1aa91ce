package dev.argyle.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * A {@link SocketFactory} whose sockets reach their destination through a {@link ProxyChain}, for any code
 * that takes a factory (JDBC drivers, mail and LDAP clients, SSL layering through
 * {@link javax.net.ssl.SSLSocketFactory#createSocket(Socket, String, int, boolean)}).
 *
 * <pre>{@code
 * SocketFactory factory = ProxyChain.of("socks5h://gw:1080").socketFactory();
 * Socket s = factory.createSocket();                                   // unconnected
 * s.connect(InetSocketAddress.createUnresolved("db.internal", 5432), 5_000);
 * }</pre>
 *
 * <p>{@link #createSocket()} returns an unconnected socket that walks the chain in {@code connect}; the other
 * methods return connected sockets. Host-name variants pass the name on (to socks5h and socks4a last hops),
 * {@code InetAddress} variants send the address. A local address, when given, is bound before connecting to
 * the first hop. Connect timeouts of 0 mean "the chain's own timeouts", never "forever". Thread-safe.
 */
public final class ChainSocketFactory extends SocketFactory {
    private final ProxyChain chain;

    public ChainSocketFactory(ProxyChain chain) {
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    public ProxyChain chain() {
        return chain;
    }

    @Override
    public Socket createSocket() {
        return new ChainSocket(chain);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(null, InetSocketAddress.createUnresolved(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(localHost, localPort), InetSocketAddress.createUnresolved(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress local, InetSocketAddress destination) throws IOException {
        ChainSocket s = new ChainSocket(chain);
        try {
            if (local != null) {
                s.bind(local);
            }
            s.connect(destination);
            return s;
        } catch (IOException | RuntimeException e) {
            s.closeQuietly();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "ChainSocketFactory[" + chain + "]";
    }
}
