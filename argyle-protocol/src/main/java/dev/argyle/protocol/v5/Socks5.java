package dev.argyle.protocol.v5;

/** Constants of RFC 1928. */
public final class Socks5 {
    /** VER in every SOCKS5 message. */
    public static final int VERSION = 0x05;

    private Socks5() {
    }
}
