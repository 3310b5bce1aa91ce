package dev.argyle.server.proxyheader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.server.RunningServer;
import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.udp.DropReason;
import dev.argyle.testkit.UdpEchoServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * UDP ASSOCIATE on a PROXY protocol listener: the source check follows the client the header names (datagrams
 * from the balancer's address are strangers), and {@code udp.advertised-address} is what the reply tells the
 * client, with the relay's own port.
 */
class ProxiedUdpAssociateTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CONFIG = """
            listeners:
              - listen: 127.0.0.1:0
                proxy-protocol-from: [127.0.0.1]
            udp:
              advertised-address: 192.0.2.44
            rules:
              clients:
                - action: pass
              requests:
                - action: pass
            """;

    @Test
    void datagramsAreAcceptedFromTheHeadersClientOnlyAndTheReplyAdvertisesTheConfiguredAddress() throws Exception {
        try (UdpEchoServer echo = UdpEchoServer.onLoopback();
             RunningServer server = RunningServer.start(ConfigLoader.parse(CONFIG, "test.yaml"));
             Socket control = new Socket();
             DatagramSocket balancerSide = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.5", 0))) {
            control.setSoTimeout((int) WAIT.toMillis());
            control.connect(server.address(), (int) WAIT.toMillis());
            OutputStream out = control.getOutputStream();
            InputStream in = control.getInputStream();
            out.write("PROXY TCP4 127.0.0.5 127.0.0.1 40000 1080\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {5, 1, 0});
            assertThat(in.readNBytes(2)).containsExactly(5, 0);
            out.write(new byte[] {5, 3, 0, 1, 0, 0, 0, 0, 0, 0}); // 0.0.0.0:0: the port is learnt from the first datagram
            byte[] reply = in.readNBytes(10);
            assertThat(reply[1]).as("reply %s", Arrays.toString(reply)).isZero();
            ByteBuffer r = ByteBuffer.wrap(reply, 4, 6);
            byte[] advertised = new byte[4];
            r.get(advertised);
            int relayPort = Short.toUnsignedInt(r.getShort());
            assertThat(InetAddress.getByAddress(advertised).getHostAddress()).isEqualTo("192.0.2.44");

            // 192.0.2.44 stands for a NAT address that maps to the relay; on loopback, send to the relay itself.
            InetSocketAddress relay = new InetSocketAddress(server.address().getAddress(), relayPort);
            balancerSide.send(datagram(echo.address(), "from-balancer", relay));
            client.send(datagram(echo.address(), "from-client", relay));

            UdpEchoServer.Received received = echo.next(WAIT);
            assertThat(new String(received.payload(), StandardCharsets.US_ASCII)).isEqualTo("from-client");
            client.setSoTimeout((int) WAIT.toMillis());
            DatagramPacket back = new DatagramPacket(new byte[512], 512);
            client.receive(back);
            assertThat(new String(back.getData(), 10, back.getLength() - 10, StandardCharsets.US_ASCII))
                    .isEqualTo("from-client");
            assertThat(echo.count()).isEqualTo(1);
            assertThat(server.server().udpCounters().dropped(DropReason.STRANGER)).isEqualTo(1);
        }
    }

    @Test
    void advertisedAddressMustBeOneIpAddress() {
        for (String bad : new String[] {"relay.example", "192.0.2.0/24", "0.0.0.0"}) {
            assertThatThrownBy(() -> ConfigLoader.parse("udp:\n  advertised-address: " + bad + "\n", "bad.yaml"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("bad.yaml, line 2")
                    .hasMessageContaining("udp.advertised-address");
        }
    }

    /** A SOCKS5 UDP request header (RFC 1928 section 7) for an IPv4 destination, then the payload. */
    private static DatagramPacket datagram(InetSocketAddress destination, String payload, InetSocketAddress relay) {
        byte[] body = payload.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + body.length).put(new byte[] {0, 0, 0, 1})
                .put(destination.getAddress().getAddress()).putShort((short) destination.getPort()).put(body);
        return new DatagramPacket(b.array(), b.capacity(), relay);
    }
}
