package dev.argyle.protocol.v4;

import dev.argyle.protocol.ByteCursor;
import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.WireMessage;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A SOCKS4 CONNECT or BIND request, with the SOCKS4a extension: a DSTIP of 0.0.0.x (x non-zero) means the
 * host name follows the USERID and the server resolves it.
 *
 * <pre>
 * +----+----+----+----+----+----+----+----+----+----+....+----+ - - - - - - - - - - +
 * | VN | CD | DSTPORT |      DSTIP        | USERID       |NULL| HOST (4a)  |  NULL |
 * +----+----+----+----+----+----+----+----+----+----+....+----+ - - - - - - - - - - +
 *    1    1      2              4           variable       1    variable      1
 * </pre>
 *
 * USERID and HOST are bounded to 255 bytes each here, so a hostile client cannot make the server buffer an
 * endless user id.
 *
 * @param command     CD
 * @param destination DSTIP/DSTPORT, or HOST/DSTPORT for SOCKS4a
 * @param userId      USERID, possibly empty
 */
public record Socks4Request(Command command, SocksAddress destination, String userId) implements WireMessage {
    public static final Decoder<Socks4Request> DECODER = Socks4Request::decode;
    public static final int VERSION = 0x04;
    public static final int MAX_FIELD_BYTES = 255;

    public Socks4Request {
        if (destination.type() == dev.argyle.protocol.AddressType.IPV6) {
            throw new IllegalArgumentException("SOCKS4 cannot carry an IPv6 address");
        }
        if (userId.length() > MAX_FIELD_BYTES || !isLatin1WithoutNul(userId)) {
            throw new IllegalArgumentException("user id must be at most 255 ISO-8859-1 characters without NUL");
        }
        if (destination.isDomain() && destination.host().indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a SOCKS4a host name cannot contain NUL");
        }
        if (!destination.isDomain() && isSocks4aMarker(destination.address())) {
            throw new IllegalArgumentException("0.0.0.x (x != 0) means \"host name follows\" in SOCKS4a: "
                    + destination.host());
        }
    }

    /** True when the request uses the SOCKS4a host-name form. */
    public boolean isSocks4a() {
        return destination.isDomain();
    }

    @Override
    public int encodedLength() {
        int len = 8 + userId.length() + 1;
        return isSocks4a() ? len + destination.host().length() + 1 : len;
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) VERSION).put((byte) command.code()).putShort((short) destination.port());
        if (isSocks4a()) {
            out.put(new byte[] {0, 0, 0, 1});
        } else {
            out.put(destination.address().getAddress());
        }
        out.put(userId.getBytes(StandardCharsets.ISO_8859_1)).put((byte) 0);
        if (isSocks4a()) {
            out.put(destination.domainBytes()).put((byte) 0);
        }
    }

    private static DecodeResult<Socks4Request> decode(ByteBuffer buf) {
        ByteCursor in = new ByteCursor(buf);
        if (!in.has(1)) {
            return DecodeResult.needMore();
        }
        if (in.u8() != VERSION) {
            return DecodeResult.malformed("not SOCKS version 4");
        }
        if (!in.has(7)) {
            return DecodeResult.needMore();
        }
        Command command = Command.of(in.u8());
        int port = in.u16();
        byte[] ip = in.bytes(4);
        int userLen = in.indexOfNul(MAX_FIELD_BYTES);
        if (userLen < 0) {
            return in.remaining() > MAX_FIELD_BYTES
                    ? DecodeResult.malformed("user id longer than 255 bytes") : DecodeResult.needMore();
        }
        String userId = in.latin1(userLen);
        in.u8(); // NUL
        boolean socks4a = isSocks4aMarker(ip);
        SocksAddress destination;
        if (socks4a) {
            int hostLen = in.indexOfNul(MAX_FIELD_BYTES);
            if (hostLen < 0) {
                return in.remaining() > MAX_FIELD_BYTES
                        ? DecodeResult.malformed("host name longer than 255 bytes") : DecodeResult.needMore();
            }
            if (hostLen == 0) {
                return DecodeResult.malformed("empty SOCKS4a host name");
            }
            destination = SocksAddress.domain(in.latin1(hostLen), port);
            in.u8(); // NUL
        } else {
            destination = SocksAddress.of(ipv4(ip), port);
        }
        in.commit();
        return DecodeResult.done(new Socks4Request(command, destination, userId));
    }

    /** Without copying the address: Inet4Address's hash code is its 32-bit address (JDK 8 through 21). */
    private static boolean isSocks4aMarker(InetAddress ip) {
        int bits = ip.hashCode();
        return (bits & 0xFFFFFF00) == 0 && bits != 0;
    }

    private static boolean isLatin1WithoutNul(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSocks4aMarker(byte[] ip) {
        return ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] != 0;
    }

    private static Inet4Address ipv4(byte[] raw) {
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
