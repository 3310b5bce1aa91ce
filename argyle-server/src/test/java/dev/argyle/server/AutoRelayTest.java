package dev.argyle.server;

/** {@link RelayTest} against the default relay: copying first, splice once a direction carries 128 KiB. */
class AutoRelayTest extends RelayTest {
    @Override
    String relay() {
        return "auto";
    }
}
