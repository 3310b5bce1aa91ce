package dev.argyle.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.server.LeakDetectionExtension;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A password listener: SOCKS4 (no password field) is refused, and no password reaches the access log. */
@ExtendWith(LeakDetectionExtension.class)
class PasswordListenerTest {
    @TempDir
    Path dir;

    @Test
    void socks4IsRefusedAndNoPasswordIsLogged() throws Exception {
        Path users = dir.resolve("users");
        UsersFile.setPassword(users, "alice", "s3cret-pw".toCharArray());
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer server = RunningServer.start(RunningServer.config(AuthMode.PASSWORD, users))) {
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                Socks4Reply reply = c.connect4(SocksAddress.of(echo.address()), "alice");
                assertThat(reply.status().code()).isEqualTo(0x5b);
            }
            Session socks4 = server.sessions().next(Duration.ofSeconds(10));
            assertThat(AccessLog.format(socks4)).contains("ver=4", "reply=0x5b", "requires_a_password");

            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                assertThatThrownBy(() -> c.connect5(SocksAddress.of(echo.address()), "alice", "wrong-pw-guess"))
                        .hasMessageContaining("authentication failed");
            }
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                assertThat(c.connect5(SocksAddress.of(echo.address()), "alice", "s3cret-pw").reply())
                        .isEqualTo(ReplyCode.SUCCEEDED);
            }
            for (int i = 0; i < 2; i++) {
                String line = AccessLog.format(server.sessions().next(Duration.ofSeconds(15)));
                assertThat(line).contains("user=alice").doesNotContain("s3cret", "wrong-pw");
            }
        }
    }
}
