package dev.argyle.server;

/** {@link RelayTest} against the copying relay (NIO, and where splice cannot apply). */
class CopyRelayTest extends RelayTest {
    @Override
    String relay() {
        return "copy";
    }
}
