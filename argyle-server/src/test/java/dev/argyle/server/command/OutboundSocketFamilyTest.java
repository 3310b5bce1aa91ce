package dev.argyle.server.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.server.RunningServer;
import dev.argyle.server.Transport;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * On epoll, CONNECT to an IPv4 destination dials from an IPv4 socket (listed in /proc/net/tcp) and to an IPv6 one
 * from a dual-stack IPv6 socket (/proc/net/tcp6): the IPv4 socket saves the {@code IPV6_V6ONLY} system call.
 * The outbound socket is found by the local port the SOCKS5 reply reports as BND.PORT.
 */
class OutboundSocketFamilyTest {
    private static final Path TCP4 = Path.of("/proc/net/tcp");
    private static final Path TCP6 = Path.of("/proc/net/tcp6");

    @Test
    void ipv4DestinationsAreDialledFromAnIpv4Socket() throws Exception {
        try (RunningServer server = RunningServer.start(); EchoServer echo = EchoServer.onLoopback()) {
            assumeTrue(server.server().transport() == Transport.EPOLL && Files.isReadable(TCP4), "epoll on Linux");
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                Socks5Reply reply = c.connect5(SocksAddress.of(echo.address()));
                assertThat(reply.reply()).isEqualTo(ReplyCode.SUCCEEDED);
                String dialled = reply.bound().port() + "->" + echo.port();
                assertThat(connectionsIn(TCP4)).contains(dialled);
                assertThat(connectionsIn(TCP6)).doesNotContain(dialled);
            }
        }
    }

    @Test
    void ipv6DestinationsAreDialledFromAnIpv6Socket() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        assumeTrue(bindable(v6), "::1 is configured");
        try (RunningServer server = RunningServer.start(); EchoServer echo = new EchoServer(v6)) {
            assumeTrue(server.server().transport() == Transport.EPOLL && Files.isReadable(TCP6), "epoll on Linux");
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                Socks5Reply reply = c.connect5(SocksAddress.of(echo.address()));
                assertThat(reply.reply()).isEqualTo(ReplyCode.SUCCEEDED);
                assertThat(connectionsIn(TCP6)).contains(reply.bound().port() + "->" + echo.port());
            }
        }
    }

    /** "localport->remoteport" of each socket the table lists (columns 2 and 3 are ADDR:PORT, the port in hex). */
    private static Set<String> connectionsIn(Path table) throws IOException {
        Set<String> out = new HashSet<>();
        for (String line : Files.readAllLines(table)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 2 && !fields[0].toLowerCase(Locale.ROOT).startsWith("sl")) {
                out.add(port(fields[1]) + "->" + port(fields[2]));
            }
        }
        return out;
    }

    private static int port(String hexAddressAndPort) {
        return Integer.parseInt(hexAddressAndPort.substring(hexAddressAndPort.indexOf(':') + 1), 16);
    }

    private static boolean bindable(InetAddress address) {
        try (ServerSocket probe = new ServerSocket(0, 1, address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
