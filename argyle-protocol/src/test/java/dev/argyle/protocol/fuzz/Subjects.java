package dev.argyle.protocol.fuzz;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.Fixtures;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.WireMessage;
import dev.argyle.protocol.auth.PasswordAuthReply;
import dev.argyle.protocol.auth.PasswordAuthRequest;
import dev.argyle.protocol.gssapi.GssFrame;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Request;
import dev.argyle.protocol.v4.Socks4Status;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.protocol.v5.Socks5UdpHeader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** The ten wire decoders of the protocol module, each with its normalisation, hostile inputs and seeds. */
final class Subjects {
    /** Tails after a hostile length field: 0..20 bytes, so that a claim of 21..255 bytes is never met. */
    private static final int MAX_TAIL = 20;

    static final List<Subject> ALL = List.of(
            subject("Socks5Greeting", Socks5Greeting.DECODER, 2 + 255, UnaryOperator.identity(),
                    lengthClaims(new byte[] {5}),
                    List.of(Socks5Greeting.of(AuthMethod.NO_AUTH), Socks5Greeting.of(AuthMethod.NO_AUTH,
                            AuthMethod.USERNAME_PASSWORD, AuthMethod.of(0x80)))),
            subject("Socks5MethodChoice", Socks5MethodChoice.DECODER, 2, UnaryOperator.identity(),
                    shortInputs(new byte[] {5, 0}),
                    List.of(new Socks5MethodChoice(AuthMethod.NO_AUTH), new Socks5MethodChoice(AuthMethod.NO_ACCEPTABLE))),
            subject("Socks5Request", Socks5Request.DECODER, 3 + 1 + 1 + 255 + 2, b -> zeroed(b, 2),
                    lengthClaims(new byte[] {5, 1, 0, 3}),
                    Fixtures.addresses().stream().map(a -> (WireMessage) new Socks5Request(Command.CONNECT, a)).toList()),
            subject("Socks5Reply", Socks5Reply.DECODER, 3 + 1 + 1 + 255 + 2, b -> zeroed(b, 2),
                    lengthClaims(new byte[] {5, 0, 0, 3}),
                    Fixtures.addresses().stream().map(a -> (WireMessage) new Socks5Reply(ReplyCode.SUCCEEDED, a)).toList()),
            subject("Socks5UdpHeader", Socks5UdpHeader.DECODER, 3 + 1 + 1 + 255 + 2, b -> zeroed(b, 0, 1),
                    lengthClaims(new byte[] {0, 0, 0, 3}),
                    Fixtures.addresses().stream().map(a -> (WireMessage) new Socks5UdpHeader(0, a)).toList()),
            subject("Socks4Request", Socks4Request.DECODER, 8 + 256 + 256, Subjects::normaliseSocks4a,
                    unterminatedFields(),
                    List.of(new Socks4Request(Command.CONNECT, SocksAddress.of(Fixtures.ipv4(192, 0, 2, 1), 80), ""),
                            new Socks4Request(Command.BIND, SocksAddress.of(Fixtures.ipv4(0, 0, 0, 0), 1), "user"),
                            new Socks4Request(Command.CONNECT, SocksAddress.domain("example.com", 443), "u"))),
            subject("Socks4Reply", Socks4Reply.DECODER, 8, UnaryOperator.identity(),
                    shortInputs(new byte[] {0, 90, 0, 80, 127, 0, 0, 1}),
                    List.of(Socks4Reply.rejected(), new Socks4Reply(Socks4Status.GRANTED, 1080, Fixtures.ipv4(127, 0, 0, 1)))),
            subject("PasswordAuthRequest", PasswordAuthRequest.DECODER, 3 + 255 + 255, UnaryOperator.identity(),
                    concat(lengthClaims(new byte[] {1}), lengthClaims(new byte[] {1, 3, 'b', 'o', 'b'})),
                    List.of(PasswordAuthRequest.of("bob", "secret"), PasswordAuthRequest.of("", ""))),
            subject("PasswordAuthReply", PasswordAuthReply.DECODER, 2, UnaryOperator.identity(),
                    shortInputs(new byte[] {1, 0}),
                    List.of(PasswordAuthReply.SUCCESS, PasswordAuthReply.FAILURE)),
            subject("GssFrame", GssFrame.DECODER, GssFrame.MAX_FRAME, UnaryOperator.identity(),
                    concat(lengthClaims(new byte[] {1, 1, 0}), lengthClaims(new byte[] {1, 3, 0})),
                    List.of(GssFrame.context(new byte[] {0x60, 0x03, 1, 2, 3}), GssFrame.protection(new byte[] {1}),
                            GssFrame.message(new byte[300]), GssFrame.ABORT_FRAME)));

    private Subjects() {
    }

    static Subject named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no decoder named " + name + "; one of " + ALL));
    }

    static Stream<Subject> stream() {
        return ALL.stream();
    }

    private static Subject subject(String name, dev.argyle.protocol.Decoder<? extends WireMessage> decoder, int max,
            UnaryOperator<byte[]> normalise, List<byte[]> hostile, List<? extends WireMessage> seeds) {
        return new Subject(name, decoder, max, normalise, hostile,
                seeds.stream().map(WireMessage::toBytes).toList());
    }

    /** {@code prefix}, a length byte of 21, 22, 100, 254 or 255, then 0..20 random bytes. */
    private static List<byte[]> lengthClaims(byte[] prefix) {
        Random random = new Random(1928 + prefix.length);
        List<byte[]> out = new ArrayList<>();
        for (int claim : new int[] {MAX_TAIL + 1, MAX_TAIL + 2, 100, 254, 255}) {
            for (int tail = 0; tail <= MAX_TAIL; tail++) {
                byte[] rest = new byte[tail];
                random.nextBytes(rest);
                out.add(join(prefix, new byte[] {(byte) claim}, rest));
            }
        }
        return out;
    }

    /** Every strict prefix of a fixed-size message. */
    private static List<byte[]> shortInputs(byte[] whole) {
        List<byte[]> out = new ArrayList<>();
        for (int n = 0; n < whole.length; n++) {
            out.add(java.util.Arrays.copyOf(whole, n));
        }
        return out;
    }

    /** SOCKS4 and 4a requests whose USERID or HOST has no NUL yet, at lengths up to 300 bytes. */
    private static List<byte[]> unterminatedFields() {
        List<byte[]> out = new ArrayList<>();
        byte[] plain = {4, 1, 0, 80, (byte) 192, 0, 2, 1};
        byte[] socks4a = {4, 1, 0, 80, 0, 0, 0, 1, 'u', 0};
        for (int n : new int[] {0, 1, 20, 100, 254, 255, 256, 300}) {
            byte[] field = new byte[n];
            java.util.Arrays.fill(field, (byte) 'x');
            out.add(join(plain, field));
            out.add(join(socks4a, field));
        }
        return out;
    }

    static byte[] normaliseSocks4a(byte[] b) {
        byte[] out = b.clone();
        if (out[4] == 0 && out[5] == 0 && out[6] == 0 && out[7] != 0) {
            out[7] = 1;
        }
        return out;
    }

    static byte[] zeroed(byte[] b, int... indexes) {
        byte[] out = b.clone();
        for (int i : indexes) {
            out[i] = 0;
        }
        return out;
    }

    static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static List<byte[]> concat(List<byte[]> a, List<byte[]> b) {
        List<byte[]> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
