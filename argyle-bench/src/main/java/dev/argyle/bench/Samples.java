package dev.argyle.bench;

import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.WireMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Sample addresses and buffers shared by the benchmarks; built once per trial, never per operation. */
final class Samples {
    static final int PORT = 8080;

    private Samples() {
    }

    static SocksAddress ipv4() {
        return SocksAddress.of(ip(new byte[] {(byte) 192, (byte) 168, 1, 20}), PORT);
    }

    static SocksAddress ipv6() {
        byte[] raw = new byte[16];
        raw[0] = 0x20;
        raw[1] = 0x01;
        raw[2] = 0x0d;
        raw[3] = (byte) 0xb8;
        raw[15] = 0x01;
        return SocksAddress.of(ip(raw), PORT);
    }

    static SocksAddress domain() {
        return SocksAddress.domain("www.example.org", 443);
    }

    static InetAddress ip(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The message's bytes in a heap buffer, position 0, limit at its end. */
    static ByteBuffer encoded(WireMessage message) {
        return ByteBuffer.wrap(message.toBytes());
    }

    /** A buffer large enough for any message benchmarked here. */
    static ByteBuffer scratch() {
        return ByteBuffer.allocate(1024);
    }
}
