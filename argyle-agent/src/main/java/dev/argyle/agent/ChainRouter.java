package dev.argyle.agent;

import dev.argyle.client.ProxyChain;
import dev.argyle.protocol.handshake.ProxyUri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Decides, for every TCP connect in the JVM, where it really goes. Connections to the chain's first hop and to
 * the agent's own loopback listeners pass unchanged (they are the chain). Every other destination is opened
 * through the chain here, on the caller's thread, and the caller is sent to a {@link OneShotRelay} joined to
 * that tunnel; a chain failure is thrown from the caller's connect as a {@link ConnectException}. The name the
 * program used travels to the chain when the address carries one. Thread-safe.
 */
final class ChainRouter implements UnaryOperator<SocketAddress> {
    private final ProxyChain chain;
    private final Set<InetSocketAddress> passThrough = ConcurrentHashMap.newKeySet();

    ChainRouter(ProxyChain chain, InetSocketAddress gateway) throws UnknownHostException {
        this.chain = chain;
        ProxyUri first = chain.hops().get(0);
        for (InetAddress a : InetAddress.getAllByName(first.host())) {
            passThrough.add(new InetSocketAddress(a, first.port()));
        }
        passThrough.add(gateway);
    }

    @Override
    public SocketAddress apply(SocketAddress destination) {
        if (!(destination instanceof InetSocketAddress to) || passes(to)) {
            return destination;
        }
        try {
            Socket tunnel;
            try {
                tunnel = chain.connect(target(to));
            } catch (IOException e) {
                ConnectException refused = new ConnectException("argyle agent: " + to.getHostString() + ":"
                        + to.getPort() + " through the chain (" + chain + ") failed: " + e.getMessage());
                refused.initCause(e);
                throw refused;
            }
            return OneShotRelay.start(tunnel, passThrough);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean passes(InetSocketAddress to) {
        return !to.isUnresolved() && passThrough.contains(new InetSocketAddress(to.getAddress(), to.getPort()));
    }

    /** The name when the program gave one (resolved here or not), else the address. */
    static InetSocketAddress target(InetSocketAddress to) {
        if (to.isUnresolved()) {
            return InetSocketAddress.createUnresolved(to.getHostString(), to.getPort());
        }
        String host = to.getHostString();
        if (host.equals(to.getAddress().getHostAddress())) {
            return new InetSocketAddress(to.getAddress(), to.getPort());
        }
        return InetSocketAddress.createUnresolved(host, to.getPort());
    }
}
