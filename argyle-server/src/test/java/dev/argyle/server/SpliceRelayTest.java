package dev.argyle.server;

/** {@link RelayTest} against the zero-copy splice relay (the default on Linux). */
class SpliceRelayTest extends RelayTest {
    @Override
    String relay() {
        return "splice";
    }
}
