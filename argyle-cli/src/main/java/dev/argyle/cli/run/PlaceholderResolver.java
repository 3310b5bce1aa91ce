package dev.argyle.cli.run;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace's only DNS server (UDP): A queries are answered with a {@link Placeholders placeholder}; AAAA and
 * other types in class IN get an empty NOERROR answer (so resolvers fall back to A and nothing uses IPv6, which
 * has no route out of the namespace); anything unreadable gets FORMERR, other opcodes NOTIMP. No query ever
 * leaves this process: the name travels later, in the chain's CONNECT. One daemon thread.
 */
final class PlaceholderResolver implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(PlaceholderResolver.class);

    private final DatagramSocket socket;
    private final Placeholders placeholders;
    private final Thread thread;

    PlaceholderResolver(InetSocketAddress bind, Placeholders placeholders) throws IOException {
        this.socket = new DatagramSocket(bind);
        this.placeholders = placeholders;
        this.thread = new Thread(this::serve, "argyle-run-dns");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] buf = new byte[1500];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buf.length);
                socket.receive(packet);
                byte[] reply = answer(buf, packet.getLength(), placeholders);
                if (reply != null) {
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    log.debug("dns: {}", e.getMessage());
                }
            }
        }
    }

    /** The response to one query message, or null when there is no one to answer (not even a header). */
    static byte[] answer(byte[] data, int length, Placeholders placeholders) {
        DnsQuery q;
        try {
            q = DnsQuery.parse(data, length);
        } catch (DnsQuery.Malformed e) {
            return e.id < 0 ? null : DnsAnswer.error(e.id, DnsAnswer.FORMERR);
        }
        if (q.opcode() != 0) {
            return DnsAnswer.of(data, q, null, DnsAnswer.NOTIMP);
        }
        if (q.type() != DnsQuery.TYPE_A || q.qclass() != DnsQuery.CLASS_IN || q.name().isEmpty()) {
            return DnsAnswer.of(data, q, null, DnsAnswer.NOERROR);
        }
        Optional<Inet4Address> a = placeholders.addressFor(q.name());
        if (a.isEmpty()) {
            log.warn("dns: no placeholder address left for {}", q.name());
            return DnsAnswer.of(data, q, null, DnsAnswer.SERVFAIL);
        }
        log.debug("dns: {} -> {}", q.name(), a.get().getHostAddress());
        return DnsAnswer.of(data, q, a.get(), DnsAnswer.NOERROR);
    }

    @Override
    public void close() {
        socket.close();
    }
}
