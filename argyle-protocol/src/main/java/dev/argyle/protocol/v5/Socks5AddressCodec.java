package dev.argyle.protocol.v5;

import dev.argyle.protocol.AddressType;
import dev.argyle.protocol.ByteCursor;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The ATYP / ADDR / PORT triple shared by requests, replies and UDP headers (RFC 1928 sections 4, 5, 6, 7).
 *
 * <pre>
 * +------+----------+----------+
 * | ATYP |   ADDR   |   PORT   |
 * +------+----------+----------+
 * |  1   | Variable |    2     |   ADDR: 4 bytes (IPv4), 16 (IPv6), or 1 length byte + name
 * +------+----------+----------+
 * </pre>
 */
final class Socks5AddressCodec {
    private Socks5AddressCodec() {
    }

    static int encodedLength(SocksAddress a) {
        return switch (a.type()) {
            case IPV4 -> 1 + 4 + 2;
            case IPV6 -> 1 + 16 + 2;
            case DOMAIN -> 1 + 1 + a.host().length() + 2;
        };
    }

    static void write(SocksAddress a, ByteBuffer out) {
        out.put((byte) a.type().code());
        if (a.isDomain()) {
            byte[] name = a.domainBytes();
            out.put((byte) name.length).put(name);
        } else {
            out.put(a.address().getAddress());
        }
        out.putShort((short) a.port());
    }

    /**
     * Reads an address at the cursor. Malformed when ATYP is unknown (reply 0x08) or a name is empty.
     */
    static DecodeResult<SocksAddress> read(ByteCursor in) {
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        AddressType type = AddressType.fromCode(in.u8());
        if (type == null) {
            return DecodeResult.malformed(ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED, "unknown address type");
        }
        if (type != AddressType.DOMAIN) {
            int len = type == AddressType.IPV4 ? 4 : 16;
            if (!in.has(len + 2)) {
                return DecodeResult.needMore();
            }
            InetAddress ip = byAddress(in.bytes(len));
            return DecodeResult.done(SocksAddress.of(ip, in.u16()));
        }
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        int len = in.u8();
        if (len == 0) {
            return DecodeResult.malformed("empty domain name");
        }
        if (!in.has(len + 2)) {
            return DecodeResult.needMore();
        }
        String name = in.latin1(len);
        return DecodeResult.done(SocksAddress.domain(name, in.u16()));
    }

    /** Re-types a need-more or malformed address result for the enclosing message. */
    @SuppressWarnings("unchecked")
    static <T> DecodeResult<T> propagate(DecodeResult<SocksAddress> notDone) {
        if (notDone instanceof DecodeResult.Done<SocksAddress>) {
            throw new IllegalArgumentException("only need-more or malformed results are re-typed");
        }
        return (DecodeResult<T>) (DecodeResult<?>) notDone;
    }

    /** IPv6 stays IPv6 even when it is IPv4-mapped, so the ATYP re-encodes as it came. */
    static InetAddress byAddress(byte[] raw) {
        try {
            return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }
}
