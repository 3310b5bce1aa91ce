package dev.argyle.server;

import java.util.Map;

/** {@link RelayTest} with epoll loops that poll for 50 µs before blocking ({@code -Dargyle.spinMicros=50}). */
class SpinningRelayTest extends RelayTest {
    @Override
    String relay() {
        return "auto";
    }

    @Override
    Map<String, String> serverProperties() {
        return Map.of("argyle.spinMicros", "50");
    }
}
