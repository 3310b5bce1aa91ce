package dev.argyle.client;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.gssapi.GssFrame;
import dev.argyle.protocol.gssapi.MessageProtection;
import dev.argyle.protocol.handshake.ProxyUri;
import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.ietf.jgss.GSSException;

/**
 * A UDP association through a chain: send datagrams to any destination, receive replies from any of them,
 * much like a {@link DatagramSocket}.
 *
 * <pre>{@code
 * try (SocksDatagramSocket udp = chain.associate()) {
 *     udp.send("ping".getBytes(), InetSocketAddress.createUnresolved("dns.internal", 53));
 *     DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
 *     udp.setSoTimeout(2_000);
 *     udp.receive(reply);                 // reply.getSocketAddress() is the sender
 * }
 * }</pre>
 *
 * <p>How N hops nest: hop k gets its own UDP ASSOCIATE, over a TCP control connection that runs through hops
 * 1..k-1 (so N control connections in all, the k-th crossing k hops). Hop 1 is told our UDP socket's address;
 * hops 2..N are told 0.0.0.0:0, since the datagrams will come from the previous hop's outbound socket, whose
 * port nobody tells us, and the proxy learns it from the first datagram. Every datagram is wrapped N times
 * ({@link UdpLayers}) and sent to hop 1's relay; replies are unwrapped N times. Each control connection must
 * stay open for the association to live: closing this closes them all.
 *
 * <p>Limits: all hops must be socks5 or socks5h; a hop that closes its control connection (its idle timeout,
 * say) ends the association without this socket noticing, beyond replies no longer coming; received
 * fragments are dropped and counted in {@link #droppedDatagrams()}, as are malformed datagrams and datagrams
 * whose outer headers do not name this association's relays.
 *
 * <p>Thread-safe: sends may run concurrently with each other and with one receive at a time.
 */
public final class SocksDatagramSocket implements Closeable {
    /** Room for the largest UDP datagram. */
    private static final int RECEIVE_BUFFER = 65_536;

    private final ProxyChain chain;
    private final DatagramSocket udp;
    private final List<ChainSocket> controls;
    private final List<SocksAddress> relays;
    private final UdpLayers layers;
    private final AtomicLong dropped = new AtomicLong();
    private final Object receiveLock = new Object();
    private final byte[] receiveBuffer = new byte[RECEIVE_BUFFER];
    private volatile int soTimeout;

    /** Hop 1's GSS-API protection (RFC 1961 section 5: its datagrams are wrapped too), or null. */
    private volatile MessageProtection firstHopProtection;

    private SocksDatagramSocket(ProxyChain chain, DatagramSocket udp, List<ChainSocket> controls,
                                List<SocksAddress> relays, UdpLayers layers) {
        this.chain = chain;
        this.udp = udp;
        this.controls = List.copyOf(controls);
        this.relays = List.copyOf(relays);
        this.layers = layers;
    }

    static SocksDatagramSocket open(ProxyChain chain) throws IOException {
        for (int k = 1; k <= chain.size(); k++) {
            HopRef hop = chain.hopRef(k);
            if (!hop.uri().scheme().isSocks5()) {
                throw hop.fail(SocksException.Kind.UNSUPPORTED, "UDP needs SOCKS5 on every hop, and this hop is "
                        + hop.uri().scheme().text());
            }
            if (k > 1 && hop.uri().scheme().gssapi()) {
                throw hop.fail(SocksException.Kind.UNSUPPORTED, "UDP through a GSS-API hop works on the first hop only");
            }
        }
        List<ChainSocket> controls = new ArrayList<>();
        List<SocksAddress> relays = new ArrayList<>();
        List<HopRef> hops = new ArrayList<>();
        DatagramSocket udp = null;
        try {
            ChainSocket first = new ChainSocket(chain);
            controls.add(first);
            ChainWalk.reachFirstHop(first, chain, Deadline.after(chain.connectTimeout()));
            udp = new DatagramSocket(new InetSocketAddress(first.getLocalAddress(), 0));
            SocksAddress ours = SocksAddress.of(udp.getLocalAddress(), udp.getLocalPort());
            ChainWalk.Result r = ChainWalk.through(first, chain, 1, Command.UDP_ASSOCIATE, ours, Deadline.NONE);
            first.protectedBy(r.driver());
            relays.add(relayAddress(r.reply(), first.firstHop(), chain.hops().get(0)));
            hops.add(r.hop());
            for (int k = 2; k <= chain.size(); k++) {
                ChainSocket control = new ChainSocket(chain);
                controls.add(control);
                r = control.walk(k, Command.UDP_ASSOCIATE, SocksAddress.unspecifiedIpv4(), Deadline.NONE);
                relays.add(relayAddress(r.reply(), null, chain.hops().get(k - 1)));
                hops.add(r.hop());
            }
            InetSocketAddress relay1 = relays.get(0).toSocketAddress();
            if (relay1.isUnresolved()) {
                relay1 = new InetSocketAddress(relay1.getHostString(), relay1.getPort());
            }
            udp.connect(relay1);
            SocksDatagramSocket socket = new SocksDatagramSocket(chain, udp, controls, relays, new UdpLayers(hops, relays));
            socket.firstHopProtection = first.protection();
            return socket;
        } catch (IOException | RuntimeException e) {
            if (udp != null) {
                udp.close();
            }
            controls.forEach(ChainSocket::closeQuietly);
            throw e;
        }
    }

    /**
     * A relay address as replied; 0.0.0.0 or :: ("where you reached me") becomes the address the control
     * connection reached (hop 1) or the hop's host from its URI (inner hops).
     */
    private static SocksAddress relayAddress(SocksAddress reply, InetSocketAddress reached, ProxyUri hop) {
        if (reply.isDomain() || !reply.address().isAnyLocalAddress()) {
            return reply;
        }
        if (reached != null) {
            return SocksAddress.of(reached.getAddress(), reply.port());
        }
        SocksAddress host = hop.address();
        return host.isDomain() ? SocksAddress.domain(host.host(), reply.port())
                : SocksAddress.of(host.address(), reply.port());
    }

    /**
     * Sends {@code data} to {@code destination}; an unresolved address travels as a name when the last hop
     * is socks5h and is resolved here otherwise.
     */
    public void send(byte[] data, InetSocketAddress destination) throws IOException {
        send(data, 0, data.length, destination);
    }

    public void send(byte[] data, int offset, int length, InetSocketAddress destination) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        for (byte[] datagram : layers.wrap(ChainSocket.target(destination), data, offset, length,
                chain.maxDatagramSize())) {
            byte[] out = protect(datagram);
            udp.send(new DatagramPacket(out, out.length));
        }
    }

    /** Sends to a host name (or IP literal) and port: see {@link #send(byte[], InetSocketAddress)}. */
    public void send(byte[] data, String host, int port) throws IOException {
        send(data, InetSocketAddress.createUnresolved(host, port));
    }

    /** Sends the packet's data to the packet's address. */
    public void send(DatagramPacket packet) throws IOException {
        SocketAddress to = packet.getSocketAddress();
        if (!(to instanceof InetSocketAddress isa)) {
            throw new IllegalArgumentException("the packet has no destination address");
        }
        send(packet.getData(), packet.getOffset(), packet.getLength(), isa);
    }

    /**
     * Receives the next datagram into {@code packet} (truncated to its length, like {@link DatagramSocket}) and
     * sets the packet's address to the sender's. Waits for at most {@link #setSoTimeout} milliseconds in all.
     *
     * @throws SocketTimeoutException when nothing arrives in time
     */
    public void receive(DatagramPacket packet) throws IOException {
        synchronized (receiveLock) {
            int timeout = soTimeout;
            Deadline deadline = timeout == 0 ? Deadline.NONE : Deadline.after(Duration.ofMillis(timeout));
            DatagramPacket raw = new DatagramPacket(receiveBuffer, receiveBuffer.length);
            while (true) {
                udp.setSoTimeout(deadline.soTimeoutMillis());
                raw.setLength(receiveBuffer.length);
                udp.receive(raw);
                int length = unprotect(raw.getLength());
                UdpLayers.Unwrapped u = length < 0 ? null : layers.unwrap(receiveBuffer, length);
                if (u == null || u.source().isDomain()) {
                    dropped.incrementAndGet();
                    continue;
                }
                int n = Math.min(u.length(), packet.getLength());
                System.arraycopy(receiveBuffer, u.offset(), packet.getData(), packet.getOffset(), n);
                packet.setLength(n);
                packet.setSocketAddress(u.source().toSocketAddress());
                return;
            }
        }
    }

    /** A datagram for hop 1: as it is, or wrapped as one RFC 1961 MTYP 3 message when hop 1 is GSS-API. */
    private byte[] protect(byte[] datagram) throws IOException {
        MessageProtection p = firstHopProtection;
        if (p == null) {
            return datagram;
        }
        try {
            byte[] token = p.wrapDatagram(datagram);
            if (token.length > GssFrame.MAX_TOKEN) {
                throw new IOException("datagram too large for one GSS-API message");
            }
            return GssFrame.message(token).toBytes();
        } catch (GSSException e) {
            throw new IOException("GSS-API wrap failed: " + e.getMessage(), e);
        }
    }

    /**
     * Unwraps a datagram from hop 1 in place when hop 1 is GSS-API; returns its plaintext length, or -1 when
     * it is not one whole MTYP 3 message that unwraps (dropped like any malformed datagram).
     */
    private int unprotect(int length) {
        MessageProtection p = firstHopProtection;
        if (p == null) {
            return length;
        }
        java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(receiveBuffer, 0, length);
        if (!(GssFrame.DECODER.decode(view) instanceof DecodeResult.Done<GssFrame> done) || view.hasRemaining()
                || done.message().type() != GssFrame.MESSAGE) {
            return -1;
        }
        try {
            byte[] plain = p.unwrapDatagram(done.message().token());
            System.arraycopy(plain, 0, receiveBuffer, 0, plain.length);
            return plain.length;
        } catch (GSSException e) {
            return -1;
        }
    }

    /** A bound on each {@link #receive} in milliseconds; 0 (the default) waits forever. */
    public void setSoTimeout(int millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout can't be negative");
        }
        soTimeout = millis;
    }

    public int getSoTimeout() {
        return soTimeout;
    }

    /** The local UDP socket's address. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    /** The relay addresses of hops 1..N, as the hops replied (0.0.0.0 replaced by the hop's address). */
    public List<SocksAddress> relays() {
        return relays;
    }

    /** Datagrams received and thrown away: malformed, fragments, or not from this association's relays. */
    public long droppedDatagrams() {
        return dropped.get();
    }

    public boolean isClosed() {
        return udp.isClosed();
    }

    /** Ends the association: the UDP socket and every control connection. */
    @Override
    public void close() {
        udp.close();
        controls.forEach(ChainSocket::closeQuietly);
    }

    @Override
    public String toString() {
        return "SocksDatagramSocket[" + localAddress() + " via " + chain + ", relays " + relays + "]";
    }
}
