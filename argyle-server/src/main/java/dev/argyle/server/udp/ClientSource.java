package dev.argyle.server.udp;

import dev.argyle.protocol.SocksAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Which UDP source is the association's client (RFC 1928 section 7: "MUST drop any datagrams arriving from
 * any source IP address other than the one recorded for the particular association").
 *
 * <ul>
 * <li>The request named the client's own IP (the control connection's source) and a port: only that exact
 *     address and port.
 * <li>Otherwise (0.0.0.0:0, port 0, 0.0.0.0 or :: with a port, a name, or an IP other than the control
 *     connection's, which is what a client behind NAT sends): the first well-formed datagram from the control
 *     connection's IP teaches the port, and from then on only that address and port (as Dante does).
 * </ul>
 * Used on the association's event loop only.
 */
final class ClientSource {
    private final InetAddress clientIp;
    private final boolean declared;
    private InetSocketAddress source;

    private ClientSource(InetAddress clientIp, InetSocketAddress declared) {
        this.clientIp = clientIp;
        this.declared = declared != null;
        this.source = declared;
    }

    /** @param requested DST.ADDR/DST.PORT of the UDP ASSOCIATE request; @param controlSource the TCP client */
    static ClientSource of(SocksAddress requested, InetAddress controlSource) {
        InetAddress clientIp = normalize(controlSource);
        if (!requested.isDomain() && requested.port() != 0 && !requested.address().isAnyLocalAddress()
                && normalize(requested.address()).equals(clientIp)) {
            return new ClientSource(clientIp, new InetSocketAddress(clientIp, requested.port()));
        }
        return new ClientSource(clientIp, null);
    }

    /** True when a datagram from {@code sender} may be relayed (while learning: when it is from the client's IP). */
    boolean accepts(InetSocketAddress sender) {
        if (source != null) {
            return source.equals(sender) || (sender.getAddress() instanceof Inet6Address && mappedEquals(sender));
        }
        return clientIp.equals(sender.getAddress()) || normalize(sender.getAddress()).equals(clientIp);
    }

    /** Called with the sender of each accepted, well-formed datagram: the first one fixes the source. */
    void learn(InetSocketAddress sender) {
        if (source == null) {
            source = new InetSocketAddress(normalize(sender.getAddress()), sender.getPort());
        }
    }

    /** Where replies go: the declared or learned source, or null while still learning. */
    InetSocketAddress current() {
        return source;
    }

    boolean declared() {
        return declared;
    }

    private boolean mappedEquals(InetSocketAddress sender) {
        return sender.getPort() == source.getPort() && normalize(sender.getAddress()).equals(source.getAddress());
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it stands for. */
    static InetAddress normalize(InetAddress a) {
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            boolean mapped = b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
            for (int i = 0; mapped && i < 10; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return a;
    }
}
