package dev.argyle.protocol.v5;

import dev.argyle.protocol.ByteCursor;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.WireMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's version identifier / method selection message (RFC 1928 section 3).
 *
 * <pre>
 * +-----+----------+----------+
 * | VER | NMETHODS | METHODS  |
 * +-----+----------+----------+
 * |  1  |    1     | 1 to 255 |
 * +-----+----------+----------+
 * </pre>
 *
 * @param methods the offered methods in the client's order, 1..255 of them
 */
public record Socks5Greeting(List<AuthMethod> methods) implements WireMessage {
    public static final Decoder<Socks5Greeting> DECODER = Socks5Greeting::decode;

    public Socks5Greeting {
        methods = List.copyOf(methods);
        if (methods.isEmpty() || methods.size() > 255) {
            throw new IllegalArgumentException("a greeting offers 1..255 methods, got " + methods.size());
        }
    }

    public static Socks5Greeting of(AuthMethod... methods) {
        return new Socks5Greeting(List.of(methods));
    }

    public boolean offers(AuthMethod method) {
        return methods.contains(method);
    }

    @Override
    public int encodedLength() {
        return 2 + methods.size();
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.put((byte) Socks5.VERSION).put((byte) methods.size());
        for (AuthMethod m : methods) {
            out.put((byte) m.code());
        }
    }

    private static DecodeResult<Socks5Greeting> decode(ByteBuffer buf) {
        ByteCursor in = new ByteCursor(buf);
        if (!in.has(2)) {
            return in.has(1) && in.u8() != Socks5.VERSION
                    ? DecodeResult.malformed("not SOCKS version 5") : DecodeResult.needMore();
        }
        if (in.u8() != Socks5.VERSION) {
            return DecodeResult.malformed("not SOCKS version 5");
        }
        int n = in.u8();
        if (n == 0) {
            return DecodeResult.malformed("greeting offers no methods");
        }
        if (!in.has(n)) {
            return DecodeResult.needMore();
        }
        List<AuthMethod> methods = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            methods.add(AuthMethod.of(in.u8()));
        }
        in.commit();
        return DecodeResult.done(new Socks5Greeting(methods));
    }
}
