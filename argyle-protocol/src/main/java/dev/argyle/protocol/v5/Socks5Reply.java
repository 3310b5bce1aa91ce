package dev.argyle.protocol.v5;

import dev.argyle.protocol.ByteCursor;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.WireMessage;
import java.nio.ByteBuffer;

/**
 * A SOCKS5 reply (RFC 1928 section 6).
 *
 * <pre>
 * +-----+-----+-------+------+----------+----------+
 * | VER | REP |  RSV  | ATYP | BND.ADDR | BND.PORT |
 * +-----+-----+-------+------+----------+----------+
 * |  1  |  1  | X'00' |  1   | Variable |    2     |
 * +-----+-----+-------+------+----------+----------+
 * </pre>
 *
 * @param reply REP
 * @param bound BND.ADDR and BND.PORT: for CONNECT the proxy's outbound socket, for failures 0.0.0.0:0
 */
public record Socks5Reply(ReplyCode reply, SocksAddress bound) implements WireMessage {
    public static final Decoder<Socks5Reply> DECODER = Socks5Reply::decode;

    /** A failure reply with the all-zero IPv4 bound address that clients expect. */
    public static Socks5Reply failure(ReplyCode reply) {
        return new Socks5Reply(reply, SocksAddress.unspecifiedIpv4());
    }

    @Override
    public int encodedLength() {
        return 3 + Socks5AddressCodec.encodedLength(bound);
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) Socks5.VERSION).put((byte) reply.code()).put((byte) 0);
        Socks5AddressCodec.write(bound, out);
    }

    private static DecodeResult<Socks5Reply> decode(ByteBuffer buf) {
        ByteCursor in = new ByteCursor(buf);
        if (!in.has(3)) {
            return DecodeResult.needMore();
        }
        if (in.u8() != Socks5.VERSION) {
            return DecodeResult.malformed("not SOCKS version 5");
        }
        ReplyCode reply = ReplyCode.of(in.u8());
        in.u8(); // RSV
        DecodeResult<SocksAddress> address = Socks5AddressCodec.read(in);
        if (address instanceof DecodeResult.Done<SocksAddress> done) {
            in.commit();
            return DecodeResult.done(new Socks5Reply(reply, done.message()));
        }
        return Socks5AddressCodec.propagate(address);
    }
}
