package dev.argyle.protocol.v4;

import dev.argyle.protocol.ByteCursor;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.WireMessage;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * A SOCKS4 reply. VN is 0 (the reply version, not 4).
 *
 * <pre>
 * +----+----+----+----+----+----+----+----+
 * | VN | CD | DSTPORT |      DSTIP        |
 * +----+----+----+----+----+----+----+----+
 *    1    1      2              4
 * </pre>
 *
 * @param status  CD: 90 granted, 91 rejected or failed, 92/93 ident failures
 * @param port    DSTPORT (the bound port for BIND; informational for CONNECT)
 * @param address DSTIP
 */
public record Socks4Reply(Socks4Status status, int port, Inet4Address address) implements WireMessage {
    public static final Decoder<Socks4Reply> DECODER = Socks4Reply::decode;

    public Socks4Reply {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static Socks4Reply rejected() {
        return new Socks4Reply(Socks4Status.REJECTED, 0, zero());
    }

    @Override
    public int encodedLength() {
        return 8;
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) 0).put((byte) status.code()).putShort((short) port).put(address.getAddress());
    }

    private static DecodeResult<Socks4Reply> decode(ByteBuffer buf) {
        ByteCursor in = new ByteCursor(buf);
        if (!in.has(8)) {
            return DecodeResult.needMore();
        }
        if (in.u8() != 0) {
            return DecodeResult.malformed("SOCKS4 reply version is not 0");
        }
        Socks4Status status = Socks4Status.of(in.u8());
        int port = in.u16();
        Inet4Address address = toIpv4(in.bytes(4));
        in.commit();
        return DecodeResult.done(new Socks4Reply(status, port, address));
    }

    static Inet4Address zero() {
        return toIpv4(new byte[4]);
    }

    private static Inet4Address toIpv4(byte[] raw) {
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
