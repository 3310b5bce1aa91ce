package dev.argyle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.config.EventLoopConfig;
import dev.argyle.server.config.EventLoopConfig.TransportChoice;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.testkit.EchoServer;
import io.netty.channel.epoll.Epoll;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The config's {@code event-loops} section decides the transport, the number of loops and the polling window, and
 * wins over the system properties of the same meaning (which still apply when the section leaves a key unset).
 */
class EventLoopsTest {
    private static final String[] PROPERTIES = {"argyle.transport", "argyle.ioThreads", "argyle.spinMicros"};
    /** As the JVM had them (a run may give -Dargyle.transport=io_uring to every test): put back after each test. */
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void saveProperties() {
        for (String p : PROPERTIES) {
            saved.put(p, System.getProperty(p));
        }
    }

    @AfterEach
    void restoreProperties() {
        saved.forEach((p, v) -> {
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        });
    }

    @Test
    void nioWithOneLoopFromTheConfigFile() throws Exception {
        ServerConfig config = ConfigLoader.parse("listeners:\n  - listen: 127.0.0.1:0\n"
                + "event-loops:\n  transport: nio\n  threads: 1\n", "t.yaml");
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start(config)) {
            assertThat(server.server().transport()).isEqualTo(Transport.NIO);
            assertThat(server.server().eventLoopCount()).isEqualTo(1);
            ReloadTest.relaying(server, SocksAddress.of(echo.address())).close();
        }
    }

    @Test
    void epollWithThreePollingLoopsRelays() throws Exception {
        assumeThat(Epoll.isAvailable()).as("epoll is available").isTrue();
        ServerConfig config = RunningServer.config(AuthMode.NONE, null)
                .withEventLoops(EventLoopConfig.defaults().withTransport(TransportChoice.EPOLL).withThreads(3)
                        .withSpin(Duration.ofNanos(20_000)));
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start(config)) {
            assertThat(server.server().transport()).isEqualTo(Transport.EPOLL);
            assertThat(server.server().eventLoopCount()).isEqualTo(3);
            // A smoke test of the combination; SpinBeforeBlockingTest tests the polling itself.
            for (int i = 0; i < 12; i++) {
                ReloadTest.relaying(server, SocksAddress.of(echo.address())).close();
            }
        }
    }

    @Test
    void autoChosenInTheConfigOverridesThePropertyToo() throws Exception {
        assumeThat(Epoll.isAvailable()).as("epoll is available").isTrue();
        System.setProperty("argyle.transport", "nio");
        ServerConfig config = RunningServer.config(AuthMode.NONE, null)
                .withEventLoops(EventLoopConfig.defaults().withTransport(TransportChoice.AUTO));
        try (RunningServer server = RunningServer.start(config)) {
            assertThat(server.server().transport()).isEqualTo(Transport.EPOLL);
        }
        try (RunningServer server = RunningServer.start(RunningServer.config(AuthMode.NONE, null))) {
            assertThat(server.server().transport()).isEqualTo(Transport.NIO); // unset: the property decides
        }
    }

    @Test
    void theConfigWinsOverThePropertiesAndTheyFillWhatItLeavesUnset() throws Exception {
        assumeThat(Epoll.isAvailable()).as("epoll is available").isTrue();
        System.setProperty("argyle.transport", "nio");
        System.setProperty("argyle.ioThreads", "3");
        ServerConfig config = RunningServer.config(AuthMode.NONE, null)
                .withEventLoops(EventLoopConfig.defaults().withTransport(TransportChoice.EPOLL));
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start(config)) {
            assertThat(server.server().transport()).isEqualTo(Transport.EPOLL);
            assertThat(server.server().eventLoopCount()).isEqualTo(3);
            ReloadTest.relaying(server, SocksAddress.of(echo.address())).close();
        }
    }
}
