package dev.argyle.server.ident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v4.Socks4Status;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.config.ConfigValidator;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.FakeIdentd;
import dev.argyle.testkit.ScriptedSocksClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A USERID that the identd confirmed ({@code ident: verify}) is the session's user for {@code users:} rules; one
 * that was only logged, or never asked about, stays the client's unproven claim. The config goes through the
 * loader and validator, as a file would.
 */
class IdentRulesTest {
    private EchoServer echo;
    private FakeIdentd identd;

    @BeforeEach
    void start() throws Exception {
        echo = EchoServer.onLoopback();
        identd = FakeIdentd.user("alice");
    }

    @AfterEach
    void stop() throws Exception {
        identd.close();
        echo.close();
    }

    private ServerConfig config(String mode) throws Exception {
        ServerConfig c = ConfigLoader.parse("""
                listeners:
                  - listen: 127.0.0.1:0
                    ident: %s
                    ident-port: %d
                    ident-timeout: 2s
                rules:
                  requests:
                    - name: only-alice
                      action: pass
                      users: alice
                    - name: nobody-else
                      action: block
                """.formatted(mode, identd.port()), "test");
        ConfigValidator.validate(c);
        return c;
    }

    private Socks4Status request(RunningServer server, String userId) throws Exception {
        try (ScriptedSocksClient client = new ScriptedSocksClient(server.address())) {
            return client.connect4(SocksAddress.of(echo.address()), userId).status();
        }
    }

    @Test
    void aVerifiedUserIdMatchesUsersRules() throws Exception {
        try (RunningServer server = RunningServer.start(config("verify"))) {
            assertThat(request(server, "alice")).isEqualTo(Socks4Status.GRANTED);
            Session s = server.sessions().next();
            assertThat(s.rule()).isEqualTo("only-alice");
            assertThat(s.authMethod()).isEqualTo("ident");
        }
    }

    @Test
    void aLoggedOrUnaskedUserIdIsNoUserForTheRules() throws Exception {
        for (String mode : new String[] {"log", "off"}) {
            try (RunningServer server = RunningServer.start(config(mode))) {
                assertThat(request(server, "alice")).as(mode).isEqualTo(Socks4Status.REJECTED);
                assertThat(server.sessions().next().rule()).as(mode).isEqualTo("nobody-else");
            }
        }
    }

    @Test
    void aVerifiedUserIdCountsForTheSessionsPerUserLimit() throws Exception {
        ServerConfig c = ConfigLoader.parse("""
                listeners:
                  - listen: 127.0.0.1:0
                    ident: verify
                    ident-port: %d
                limits:
                  max-sessions-per-user: 1
                """.formatted(identd.port()), "test");
        try (RunningServer server = RunningServer.start(c);
             ScriptedSocksClient first = new ScriptedSocksClient(server.address())) {
            assertThat(first.connect4(SocksAddress.of(echo.address()), "alice").status()).isEqualTo(Socks4Status.GRANTED);
            assertThat(request(server, "alice")).as("alice's second session").isEqualTo(Socks4Status.REJECTED);
            Session refused = server.sessions().next();
            assertThat(refused.user()).isEqualTo("alice");
            assertThat(refused.error()).contains("max-sessions-per-user");
            first.echo("first still works".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
