package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.config.HostPort;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.ServerConfig;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartFailureTest {
    private final ServerConfig one = ServerConfig.defaults();

    @Test
    void addsTheAddressToABareBindFailure() {
        assertThat(StartFailure.describe(new BindException("Address already in use"), one))
                .isEqualTo("cannot listen on 127.0.0.1:1080: Address already in use");
        assertThat(StartFailure.describe(new IOException("bind(..) failed: Address already in use"), one))
                .isEqualTo("cannot listen on 127.0.0.1:1080: Address already in use");
        assertThat(StartFailure.describe(new IOException("bind(..) failed with error(-98): Address already in use"), one))
                .isEqualTo("cannot listen on 127.0.0.1:1080: Address already in use");
    }

    @Test
    void namesEveryCandidateWhenItCannotTellWhichListenerFailed() {
        ServerConfig two = one.withListeners(List.of(one.listeners().get(0),
                new ListenerConfig(HostPort.parse("[::1]:1081"), one.listeners().get(0).auth(), false)));
        assertThat(StartFailure.describe(new BindException("Address already in use"), two))
                .isEqualTo("cannot listen on one of 127.0.0.1:1080, [::1]:1081: Address already in use");
    }

    @Test
    void keepsAMessageThatAlreadySaysWhereAndLabelsOtherFailures() {
        assertThat(StartFailure.describe(new IOException("cannot listen on 127.0.0.1:9: Permission denied"), one))
                .isEqualTo("cannot listen on 127.0.0.1:9: Permission denied");
        assertThat(StartFailure.describe(new IOException("cannot listen on 127.0.0.1:9: bind(..) failed with error(-98): Address already in use"), one))
                .isEqualTo("cannot listen on 127.0.0.1:9: Address already in use");
        assertThat(StartFailure.describe(new IOException("server core not built yet"), one)).isEqualTo("cannot start: server core not built yet");
        assertThat(StartFailure.describe(new IllegalStateException(), one)).isEqualTo("cannot start: IllegalStateException");
    }
}
