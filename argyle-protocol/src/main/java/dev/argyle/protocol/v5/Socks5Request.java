package dev.argyle.protocol.v5;

import dev.argyle.protocol.ByteCursor;
import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.WireMessage;
import java.nio.ByteBuffer;

/**
 * A SOCKS5 request (RFC 1928 section 4).
 *
 * <pre>
 * +-----+-----+-------+------+----------+----------+
 * | VER | CMD |  RSV  | ATYP | DST.ADDR | DST.PORT |
 * +-----+-----+-------+------+----------+----------+
 * |  1  |  1  | X'00' |  1   | Variable |    2     |
 * +-----+-----+-------+------+----------+----------+
 * </pre>
 *
 * An unknown CMD still decodes (the server answers 0x07); an unknown ATYP is malformed with reply 0x08.
 * RSV is not checked on decode (be liberal in what you accept) and always written as zero.
 *
 * @param command     CMD
 * @param destination DST.ADDR and DST.PORT
 */
public record Socks5Request(Command command, SocksAddress destination) implements WireMessage {
    public static final Decoder<Socks5Request> DECODER = Socks5Request::decode;

    @Override
    public int encodedLength() {
        return 3 + Socks5AddressCodec.encodedLength(destination);
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) Socks5.VERSION).put((byte) command.code()).put((byte) 0);
        Socks5AddressCodec.write(destination, out);
    }

    private static DecodeResult<Socks5Request> decode(ByteBuffer buf) {
        ByteCursor in = new ByteCursor(buf);
        if (!in.has(3)) {
            return in.has(1) && in.u8() != Socks5.VERSION
                    ? DecodeResult.malformed("not SOCKS version 5") : DecodeResult.needMore();
        }
        if (in.u8() != Socks5.VERSION) {
            return DecodeResult.malformed("not SOCKS version 5");
        }
        Command command = Command.of(in.u8());
        in.u8(); // RSV
        DecodeResult<SocksAddress> address = Socks5AddressCodec.read(in);
        if (address instanceof DecodeResult.Done<SocksAddress> done) {
            in.commit();
            return DecodeResult.done(new Socks5Request(command, done.message()));
        }
        return Socks5AddressCodec.propagate(address);
    }
}
