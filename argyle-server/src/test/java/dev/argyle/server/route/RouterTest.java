package dev.argyle.server.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.config.ConfigException;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.observe.Session;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which route a request takes: first match, on the request as sent; no match is direct. */
class RouterTest {
    private static final Router ROUTER = new Router(routes("""
            routes:
              - name: lab
                to: ["*.lab.test", 10.20.0.0/16]
                via: ["socks5h://u:pw@127.0.0.1:9"]
              - name: ssh
                ports: "22,2200-2299"
                via: ["socks5://127.0.0.1:9"]
              - name: alice
                users: [alice]
                commands: [connect]
                chains: [["socks4a://127.0.0.1:9"], ["socks5://127.0.0.1:10"]]
              - name: udp-direct
                commands: [udp]
                direct: true
            """));

    private static List<Route> routes(String yaml) {
        try {
            return ConfigLoader.parse(yaml, "test").routes();
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    private static String route(String user, Command command, SocksAddress dst) {
        Session s = new Session(new InetSocketAddress("127.0.0.1", 1080), new InetSocketAddress("127.0.0.1", 5000));
        s.version(5);
        s.user(user);
        return ROUTER.route(s, command, dst).name();
    }

    @Test
    void hostWildcardCidrPortUserAndCommandEachSelectTheirRoute() {
        assertThat(route(null, Command.CONNECT, SocksAddress.domain("db.lab.test", 80))).isEqualTo("lab");
        assertThat(route(null, Command.CONNECT, SocksAddress.domain("10.20.3.4", 80))).isEqualTo("lab");
        assertThat(route(null, Command.CONNECT, SocksAddress.domain("example.org", 2222))).isEqualTo("ssh");
        assertThat(route("alice", Command.CONNECT, SocksAddress.domain("example.org", 80))).isEqualTo("alice");
        assertThat(route("bob", Command.CONNECT, SocksAddress.domain("example.org", 80))).isEqualTo("direct");
        assertThat(route("alice", Command.BIND, SocksAddress.domain("example.org", 80))).isEqualTo("direct");
        assertThat(route(null, Command.UDP_ASSOCIATE, null)).isEqualTo("udp-direct");
    }

    @Test
    void aBlockDoesNotMatchANameBecauseRoutesDoNotResolve() {
        assertThat(route(null, Command.CONNECT, SocksAddress.domain("ten-twenty.example", 80))).isEqualTo("direct");
    }

    @Test
    void aSocks4UserIdIsNoUser() {
        Session s = new Session(new InetSocketAddress("127.0.0.1", 1080), new InetSocketAddress("127.0.0.1", 5000));
        s.version(4);
        s.user("alice");
        assertThat(ROUTER.route(s, Command.CONNECT, SocksAddress.domain("example.org", 80)).name()).isEqualTo("direct");
    }

    @Test
    void toStringAndLabelsShowNoPassword() {
        assertThat(ROUTER.routes().get(0).toString()).contains("socks5h://u@127.0.0.1:9").doesNotContain("pw");
        assertThat(ROUTER.routes().get(2).label(1)).isEqualTo("alice#2");
        assertThat(ROUTER.routes().get(0).label(0)).isEqualTo("lab");
    }

    @Test
    void badRoutesAreRejectedWithLineAndColumn() {
        assertThatThrownBy(() -> ConfigLoader.parse("routes:\n  - name: x\n    vai: [\"socks5://a\"]\n", "t"))
                .hasMessageContaining("line 3, column 5").hasMessageContaining("did you mean 'via'");
        assertThatThrownBy(() -> ConfigLoader.parse("routes:\n  - to: [a.test]\n", "t"))
                .hasMessageContaining("exactly one of 'via:'");
        assertThatThrownBy(() -> ConfigLoader.parse("routes:\n  - via: [\"http://u:secret@a:1\"]\n", "t"))
                .hasMessageContaining("line 2").hasMessageContaining("unknown scheme").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ConfigLoader.parse("routes:\n  - chains: [\"socks5://a\"]\n", "t"))
                .hasMessageContaining("routes[0].chains[0]");
        assertThatThrownBy(() -> ConfigLoader.parse("routes:\n  - to: listeners\n    direct: true\n", "t"))
                .hasMessageContaining("not routes");
    }
}
