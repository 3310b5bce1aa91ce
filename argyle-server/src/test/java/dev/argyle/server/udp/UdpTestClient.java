package dev.argyle.server.udp;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.protocol.v5.Socks5UdpHeader;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

/**
 * A UDP ASSOCIATE client for tests: the control connection is a {@link ScriptedSocksClient}, the datagrams
 * go through a plain {@link DatagramSocket} on loopback, and every byte can be chosen (including wrong ones).
 */
final class UdpTestClient implements AutoCloseable {
    /** A datagram as the relay sent it back: the header's address (the reply's source) and the payload. */
    record Reply(Socks5UdpHeader header, byte[] payload) {
    }

    final ScriptedSocksClient control;
    final DatagramSocket udp;
    final Socks5Reply reply;

    /** Associates, declaring {@code declared} as the client's UDP source (or null: the socket's real address). */
    UdpTestClient(InetSocketAddress proxy, InetAddress udpBind, SocksAddress declared) throws IOException {
        control = new ScriptedSocksClient(proxy);
        udp = new DatagramSocket(new InetSocketAddress(udpBind, 0));
        udp.setSoTimeout(5_000);
        control.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
        Socks5MethodChoice choice = control.read(Socks5MethodChoice.DECODER);
        if (!choice.method().equals(AuthMethod.NO_AUTH)) {
            throw new IOException("server chose " + choice.method());
        }
        SocksAddress source = declared != null ? declared : SocksAddress.of(udp.getLocalAddress(), udp.getLocalPort());
        control.send(new Socks5Request(Command.UDP_ASSOCIATE, source));
        reply = control.read(Socks5Reply.DECODER);
    }

    /** Associates from 127.0.0.1, declaring the UDP socket's exact address. */
    static UdpTestClient exact(InetSocketAddress proxy) throws IOException {
        return new UdpTestClient(proxy, InetAddress.getLoopbackAddress(), null);
    }

    /** Associates from 127.0.0.1 declaring 0.0.0.0:0, so the relay learns the source. */
    static UdpTestClient learning(InetSocketAddress proxy) throws IOException {
        return new UdpTestClient(proxy, InetAddress.getLoopbackAddress(), SocksAddress.unspecifiedIpv4());
    }

    boolean succeeded() {
        return reply.reply() == ReplyCode.SUCCEEDED;
    }

    /** BND.ADDR/BND.PORT of the reply: where datagrams go. */
    InetSocketAddress relay() {
        return reply.bound().toSocketAddress();
    }

    static byte[] datagram(int frag, SocksAddress destination, byte[] payload) {
        byte[] header = new Socks5UdpHeader(frag, destination).toBytes();
        byte[] all = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, all, header.length, payload.length);
        return all;
    }

    void send(SocksAddress destination, byte[] payload) throws IOException {
        sendRaw(datagram(0, destination, payload));
    }

    void sendFragment(int frag, SocksAddress destination, byte[] payload) throws IOException {
        sendRaw(datagram(frag, destination, payload));
    }

    void sendRaw(byte[] bytes) throws IOException {
        udp.send(new DatagramPacket(bytes, bytes.length, relay()));
    }

    /** The next datagram from the relay, or null when none comes within {@code timeout}. */
    Reply receive(Duration timeout) throws IOException {
        udp.setSoTimeout((int) timeout.toMillis());
        byte[] buf = new byte[65_535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            udp.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        if (!p.getSocketAddress().equals(relay())) {
            throw new IOException("datagram from " + p.getSocketAddress() + ", not the relay " + relay());
        }
        ByteBuffer view = ByteBuffer.wrap(buf, 0, p.getLength());
        DecodeResult<Socks5UdpHeader> r = Socks5UdpHeader.DECODER.decode(view);
        if (!(r instanceof DecodeResult.Done<Socks5UdpHeader> done)) {
            throw new IOException("reply without a valid header: " + r);
        }
        byte[] payload = Arrays.copyOfRange(buf, view.position(), p.getLength());
        return new Reply(done.message(), payload);
    }

    /** Sends {@code payload} to {@code destination} and returns the reply (the echo), failing if none comes. */
    Reply roundTrip(SocksAddress destination, byte[] payload) throws IOException {
        send(destination, payload);
        Reply r = receive(Duration.ofSeconds(5));
        if (r == null) {
            throw new IOException("no reply from " + destination + " through the relay");
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        udp.close();
        control.close();
    }
}
