package dev.argyle.server.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.ScriptedSocksClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** BIND and UDP ASSOCIATE on a via route: the last hop listens; UDP through a longer chain is refused. */
class RouteBindTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static RunningServer front(String routesYaml) throws Exception {
        var routes = ConfigLoader.parse("routes:\n" + routesYaml, "test").routes();
        return RunningServer.start(RunningServer.config(AuthMode.NONE, null).withRoutes(routes));
    }

    private static Socks5Reply request(ScriptedSocksClient c, Command command, SocksAddress dst) throws Exception {
        c.send(Socks5Greeting.of(AuthMethod.NO_AUTH));
        assertThat(c.read(Socks5MethodChoice.DECODER).method()).isEqualTo(AuthMethod.NO_AUTH);
        c.send(new Socks5Request(command, dst));
        return c.read(Socks5Reply.DECODER);
    }

    @Test
    void bindThroughOneHopRelaysBothRepliesAndThenTheData() throws Exception {
        try (RunningServer hop = RunningServer.start();
             RunningServer front = front("""
                       - name: b
                         commands: [bind]
                         via: ["socks5://127.0.0.1:%d"]
                     """.formatted(hop.port()));
             ScriptedSocksClient c = new ScriptedSocksClient(front.address())) {
            Socks5Reply first = request(c, Command.BIND, SocksAddress.of(LOOPBACK, 9));
            assertThat(first.reply()).isEqualTo(ReplyCode.SUCCEEDED);
            InetSocketAddress listening = first.bound().toSocketAddress();
            assertThat(listening.getPort()).isPositive();
            try (Socket peer = new Socket(listening.getAddress(), listening.getPort())) {
                Socks5Reply second = c.read(Socks5Reply.DECODER);
                assertThat(second.reply()).isEqualTo(ReplyCode.SUCCEEDED);
                assertThat(second.bound()).isEqualTo(SocksAddress.of((InetSocketAddress) peer.getLocalSocketAddress()));
                byte[] hello = "peer speaks first".getBytes(StandardCharsets.US_ASCII);
                peer.getOutputStream().write(hello);
                assertThat(c.in().readNBytes(hello.length)).isEqualTo(hello);
                byte[] up = "client answers".getBytes(StandardCharsets.US_ASCII);
                c.send(up);
                assertThat(peer.getInputStream().readNBytes(up.length)).isEqualTo(up);
            }
            c.close();
            Session viaHop = hop.sessions().next();
            assertThat(viaHop.command()).isEqualTo(Command.BIND);
            Session s = front.sessions().next();
            assertThat(s.route()).isEqualTo("b");
            assertThat(s.command()).isEqualTo(Command.BIND);
        }
    }

    @Test
    void udpThroughAChainOfTwoHopsIsRefusedWithGeneralFailure() throws Exception {
        try (RunningServer front = front("""
                       - name: all
                         via: ["socks5://127.0.0.1:9", "socks5://127.0.0.1:10"]
                     """);
             ScriptedSocksClient c = new ScriptedSocksClient(front.address())) {
            Socks5Reply reply = request(c, Command.UDP_ASSOCIATE, SocksAddress.of(LOOPBACK, 0));
            assertThat(reply.reply()).isEqualTo(ReplyCode.GENERAL_FAILURE);
            Session s = front.sessions().next();
            assertThat(s.route()).isEqualTo("all");
            assertThat(s.error()).contains("route all", "chain of 2 hops is not supported");
        }
    }
}
