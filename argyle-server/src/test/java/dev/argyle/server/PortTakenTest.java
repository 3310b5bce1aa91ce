package dev.argyle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.ServerConfig;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A second server on a port that is already served must fail to start, SO_REUSEPORT or not. */
class PortTakenTest {

    private static ServerConfig on(InetSocketAddress address) {
        return ServerConfig.defaults().withListeners(List.of(new ListenerConfig(address, AuthMode.NONE, false)));
    }

    @Test
    void aSecondServerOnTheSamePortIsRefused() throws Exception {
        try (RunningServer first = RunningServer.start()) {
            InetSocketAddress taken = first.address();
            assertThatThrownBy(() -> ArgyleServer.start(on(taken)))
                    .isInstanceOf(BindException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getPort() + ":");
            // The first one is untouched: it still owns every listening socket on the port.
            assertThat(first.server().boundAddresses()).containsExactly(taken);
        }
    }

    @Test
    void aPortHeldByAnotherProgramIsRefused() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            InetSocketAddress taken = new InetSocketAddress("127.0.0.1", other.getLocalPort());
            assertThatThrownBy(() -> ArgyleServer.start(on(taken))).isInstanceOf(BindException.class);
        }
    }

    @Test
    void theSamePortIsFreeAgainAfterShutdown() throws Exception {
        InetSocketAddress address;
        try (RunningServer first = RunningServer.start()) {
            address = first.address();
        }
        try (ArgyleServer again = ArgyleServer.start(on(address))) {
            assertThat(again.boundAddresses()).containsExactly(address);
        }
    }
}
