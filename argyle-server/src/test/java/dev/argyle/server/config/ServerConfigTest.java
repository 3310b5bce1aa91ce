package dev.argyle.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    @Test
    void defaultsAreOneLoopbackListenerWithoutAuth() {
        ServerConfig d = ServerConfig.defaults();
        assertThat(d.listeners()).containsExactly(new ListenerConfig(new InetSocketAddress("127.0.0.1", 1080), AuthMode.NONE, false));
        assertThat(d.usersFile()).isNull();
        assertThat(d.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(5)));
        assertThat(d.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.authThrottle()).isEqualTo(new AuthThrottleConfig(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(10)));
        assertThat(d.accessLog()).isTrue();
    }

    @Test
    void withersChangeOneFieldAndTheListIsACopy() {
        List<ListenerConfig> mutable = new ArrayList<>(List.of(ServerConfig.defaultListener()));
        ServerConfig c = ServerConfig.defaults().withListeners(mutable).withUsersFile(Path.of("u")).withAccessLog(false)
                .withShutdownGrace(Duration.ZERO).withTimeouts(Timeouts.defaults().withConnect(Duration.ofSeconds(1)))
                .withAuthThrottle(new AuthThrottleConfig(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)));
        mutable.clear();
        assertThat(c.listeners()).hasSize(1);
        assertThat(c.usersFile()).isEqualTo(Path.of("u"));
        assertThat(c.accessLog()).isFalse();
        assertThat(c.shutdownGrace()).isZero();
        assertThat(c.timeouts().connect()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.timeouts().handshake()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.authThrottle().baseDelay()).isZero();
        assertThatThrownBy(() -> c.listeners().add(ServerConfig.defaultListener())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void authModeReadsItsConfigSpelling() {
        assertThat(AuthMode.parse("none")).isEqualTo(AuthMode.NONE);
        assertThat(AuthMode.parse("Password")).isEqualTo(AuthMode.PASSWORD);
        assertThat(AuthMode.PASSWORD.configName()).isEqualTo("password");
        assertThatThrownBy(() -> AuthMode.parse("basic")).hasMessage("expected none, password or gssapi, got 'basic'");
    }
}
