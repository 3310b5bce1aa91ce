package dev.argyle.protocol.v5;

import dev.argyle.protocol.ByteCursor;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.WireMessage;
import java.nio.ByteBuffer;

/**
 * The header in front of every datagram relayed through a UDP association (RFC 1928 section 7). The payload
 * follows it in the same datagram and is not part of this message.
 *
 * <pre>
 * +-----+------+------+----------+----------+----------+
 * | RSV | FRAG | ATYP | DST.ADDR | DST.PORT |   DATA   |
 * +-----+------+------+----------+----------+----------+
 * |  2  |  1   |  1   | Variable |    2     | Variable |
 * +-----+------+------+----------+----------+----------+
 * </pre>
 *
 * @param fragment    FRAG: 0 for a standalone datagram
 * @param destination DST.ADDR and DST.PORT (the source, on datagrams going back to the client)
 */
public record Socks5UdpHeader(int fragment, SocksAddress destination) implements WireMessage {
    public static final Decoder<Socks5UdpHeader> DECODER = Socks5UdpHeader::decode;

    public Socks5UdpHeader {
        if (fragment < 0 || fragment > 0xFF) {
            throw new IllegalArgumentException("FRAG is one byte: " + fragment);
        }
    }

    @Override
    public int encodedLength() {
        return 3 + Socks5AddressCodec.encodedLength(destination);
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.putShort((short) 0).put((byte) fragment);
        Socks5AddressCodec.write(destination, out);
    }

    private static DecodeResult<Socks5UdpHeader> decode(ByteBuffer buf) {
        ByteCursor in = new ByteCursor(buf);
        if (!in.has(3)) {
            return DecodeResult.needMore();
        }
        in.u16(); // RSV
        int fragment = in.u8();
        DecodeResult<SocksAddress> address = Socks5AddressCodec.read(in);
        if (address instanceof DecodeResult.Done<SocksAddress> done) {
            in.commit();
            return DecodeResult.done(new Socks5UdpHeader(fragment, done.message()));
        }
        return Socks5AddressCodec.propagate(address);
    }
}
