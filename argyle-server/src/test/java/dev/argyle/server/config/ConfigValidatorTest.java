package dev.argyle.server.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValidatorTest {
    @TempDir
    Path dir;

    private static ListenerConfig listener(String hostPort, AuthMode auth, boolean allowOpen) {
        return new ListenerConfig(HostPort.parse(hostPort), auth, allowOpen);
    }

    @Test
    void defaultsAreValid() {
        assertThatCode(() -> ConfigValidator.validate(ServerConfig.defaults())).doesNotThrowAnyException();
    }

    @Test
    void anAdminListenerOffLoopbackNeedsAToken() {
        ServerConfig open = ServerConfig.defaults().withAdmin(AdminConfig.disabled().withListen(HostPort.parse("0.0.0.0:9180")));
        assertThatThrownBy(() -> ConfigValidator.validate(open))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin.listen (0.0.0.0:9180)")
                .hasMessageContaining("needs admin.token");
        ServerConfig loopback = ServerConfig.defaults().withAdmin(AdminConfig.disabled().withListen(HostPort.parse("127.0.0.1:9180")));
        assertThatCode(() -> ConfigValidator.validate(loopback)).doesNotThrowAnyException();
        ServerConfig withToken = ServerConfig.defaults().withAdmin(new AdminConfig(HostPort.parse("0.0.0.0:9180"),
                "0123456789abcdef0123", false, Duration.ofSeconds(10)));
        assertThatCode(() -> ConfigValidator.validate(withToken)).doesNotThrowAnyException();
    }

    @Test
    void refusesAnOpenProxyOnANetworkAddressAndSaysHowToFixIt() {
        for (String address : List.of("0.0.0.0:1080", "[::]:1080", "192.0.2.1:1080")) {
            ServerConfig c = ServerConfig.defaults().withListeners(List.of(listener(address, AuthMode.NONE, false)));
            assertThatThrownBy(() -> ConfigValidator.validate(c))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("listeners[0] (" + address + ")")
                    .hasMessageContaining("open proxy")
                    .hasMessageContaining("use --auth password --users FILE, or set allow-open: true / --allow-open if you really want an open proxy");
        }
    }

    @Test
    void allowsAnOpenProxyWhenAskedOrOnLoopback() {
        ServerConfig c = ServerConfig.defaults().withListeners(List.of(
                listener("0.0.0.0:1080", AuthMode.NONE, true),
                listener("[::1]:1080", AuthMode.NONE, false),
                listener("127.0.0.2:1080", AuthMode.NONE, false)));
        assertThatCode(() -> ConfigValidator.validate(c)).doesNotThrowAnyException();
    }

    @Test
    void identTimeoutMustBePositiveAndShorterThanTheHandshakeTimeoutWhenIdentIsOn() {
        ListenerConfig l = listener("127.0.0.1:1080", AuthMode.NONE, false);
        ServerConfig tooLong = ServerConfig.defaults().withListeners(List.of(
                l.withIdent(new IdentConfig(IdentMode.VERIFY, 113, Duration.ofSeconds(10)))));
        assertThatThrownBy(() -> ConfigValidator.validate(tooLong))
                .hasMessage("listeners[0].ident-timeout: 10s must be shorter than timeouts.handshake 10s, "
                        + "or a silent identd ends the handshake before the client can be told (0x5c)");
        ServerConfig zero = ServerConfig.defaults().withListeners(List.of(
                l.withIdent(new IdentConfig(IdentMode.LOG, 113, Duration.ZERO))));
        assertThatThrownBy(() -> ConfigValidator.validate(zero)).hasMessage("listeners[0].ident-timeout: must be more than 0, got 0");
        ServerConfig off = ServerConfig.defaults().withListeners(List.of(
                l.withIdent(new IdentConfig(IdentMode.OFF, 113, Duration.ofMinutes(1)))));
        assertThatCode(() -> ConfigValidator.validate(off)).doesNotThrowAnyException();
    }

    @Test
    void udpValuesBuiltInCodeAreCheckedToo() {
        ServerConfig c = ServerConfig.defaults().withUdp(new UdpConfig(Duration.ZERO, true, Duration.ofSeconds(1), 0));
        assertThatThrownBy(() -> ConfigValidator.validate(c)).hasMessage(String.join("\n",
                "udp.idle-timeout: must be more than 0 (0 would end every association at once), got 0",
                "udp.reassembly-timeout: must be at least 5s (RFC 1928 section 7), got 1s",
                "udp.reassembly-max-bytes: 0 is outside 1-16777216"));
        assertThatCode(() -> ConfigValidator.validate(ServerConfig.defaults().withUdp(
                new UdpConfig(Duration.ofDays(7), false, Duration.ofMinutes(5), 1)))).doesNotThrowAnyException();
    }

    @Test
    void passwordListenerNeedsAnExistingReadableUsersFile() throws Exception {
        ServerConfig c = ServerConfig.defaults().withListeners(List.of(listener("0.0.0.0:1080", AuthMode.PASSWORD, false)));
        assertThatThrownBy(() -> ConfigValidator.validate(c)).hasMessageStartingWith("users-file: a listener uses auth password");
        Path missing = dir.resolve("users");
        assertThatThrownBy(() -> ConfigValidator.validate(c.withUsersFile(missing)))
                .hasMessage("users-file: " + missing + " does not exist (create it with 'argyle passwd --users " + missing + " NAME')");
        assertThatThrownBy(() -> ConfigValidator.validate(c.withUsersFile(dir))).hasMessageContaining("is not a readable file");
        Files.writeString(missing, "");
        assertThatCode(() -> ConfigValidator.validate(c.withUsersFile(missing))).doesNotThrowAnyException();
    }

    @Test
    void refusesEmptyAndDuplicateListenersButNotTwoEphemeralPorts() {
        assertThatThrownBy(() -> ConfigValidator.validate(ServerConfig.defaults().withListeners(List.of())))
                .hasMessage("listeners: at least one listener is needed");
        ListenerConfig a = listener("127.0.0.1:1080", AuthMode.NONE, false);
        assertThatThrownBy(() -> ConfigValidator.validate(ServerConfig.defaults().withListeners(List.of(a, a))))
                .hasMessage("listeners[1] (127.0.0.1:1080): same address as listeners[0]");
        ListenerConfig eph = listener("127.0.0.1:0", AuthMode.NONE, false);
        assertThatCode(() -> ConfigValidator.validate(ServerConfig.defaults().withListeners(List.of(eph, eph)))).doesNotThrowAnyException();
    }

    @Test
    void checksDurationsAndReportsEveryProblemAtOnce() {
        ServerConfig c = ServerConfig.defaults()
                .withTimeouts(new Timeouts(Duration.ZERO, Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO))
                .withShutdownGrace(Duration.ofSeconds(-5))
                .withAuthThrottle(new AuthThrottleConfig(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO))
                .withListeners(List.of(new ListenerConfig(new InetSocketAddress("0.0.0.0", 1), AuthMode.NONE, false)));
        assertThatThrownBy(() -> ConfigValidator.validate(c)).hasMessage(String.join("\n",
                "listeners[0] (0.0.0.0:1): auth none on an address other machines can reach would make an open proxy; "
                        + ConfigValidator.OPEN_PROXY_FIX,
                "timeouts.handshake: must be more than 0, got 0",
                "timeouts.connect: must be more than 0, got PT-1S",
                "timeouts.resolve: must be more than 0, got 0",
                "shutdown-grace: must not be negative, got PT-5S",
                "auth-throttle.forget-after: must be more than 0, got 0",
                "auth-throttle.max-delay: 1s is less than base-delay 5s"));
    }

    @Test
    void eventLoopThreadsAndSpinAreBoundedAndSpinIsForEpollOnly() {
        EventLoopConfig d = EventLoopConfig.defaults();
        assertThatThrownBy(() -> ConfigValidator.validate(ServerConfig.defaults().withEventLoops(d.withThreads(0))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("event-loops.threads: must be from 1 to 1024, got 0");
        assertThatThrownBy(() -> ConfigValidator.validate(ServerConfig.defaults().withEventLoops(d.withSpin(Duration.ofSeconds(1)))))
                .hasMessage("event-loops.spin: must be from 0 to 10ms, got 1s");
        assertThatThrownBy(() -> ConfigValidator.validate(ServerConfig.defaults().withEventLoops(
                d.withTransport(EventLoopConfig.TransportChoice.NIO).withSpin(Duration.ofNanos(20_000)))))
                .hasMessage("event-loops.spin: polling before blocking is for the epoll transport only (transport is nio)");
        assertThatCode(() -> ConfigValidator.validate(ServerConfig.defaults().withEventLoops(
                d.withTransport(EventLoopConfig.TransportChoice.EPOLL).withThreads(4).withSpin(Duration.ofNanos(20_000)))))
                .doesNotThrowAnyException();
        assertThatCode(() -> ConfigValidator.validate(ServerConfig.defaults().withEventLoops(
                d.withTransport(EventLoopConfig.TransportChoice.NIO).withSpin(Duration.ZERO))))
                .doesNotThrowAnyException();
    }
}
