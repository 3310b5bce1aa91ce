package dev.argyle.protocol.handshake;

import static dev.argyle.protocol.handshake.Script.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Request;
import dev.argyle.protocol.v4.Socks4Status;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Socks4HandshakeTest {
    static List<Script.Reader> readers() {
        return List.of(Script.ONE_BYTE, Script.AS_HINTED);
    }

    static Inet4Address v4(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    @ParameterizedTest
    @MethodSource("readers")
    void socks4ConnectToAnAddress(Script.Reader reader) throws Exception {
        SocksAddress dest = SocksAddress.of(v4("10.1.2.3"), 80);
        byte[] proxy = bytes(new Socks4Reply(Socks4Status.GRANTED, 0, v4("0.0.0.0")), "HTTP/1.1 200");
        Script.Outcome o = Script.run(new Socks4Handshake(Command.CONNECT, dest, "bob"), proxy, reader, 8);

        assertThat(o.last()).isEqualTo(new Step.Reply(SocksAddress.of(v4("0.0.0.0"), 0), true));
        assertThat(o.sentBytes()).isEqualTo(new Socks4Request(Command.CONNECT, dest, "bob").toBytes());
        assertThat(o.consumed()).isEqualTo(8);
    }

    @Test
    void socks4aSendsTheName() throws Exception {
        SocksAddress dest = SocksAddress.domain("intranet.example", 443);
        Script.Outcome o = Script.run(new Socks4Handshake(Command.CONNECT, dest, ""),
                bytes(new Socks4Reply(Socks4Status.GRANTED, 0, v4("0.0.0.0"))), Script.ONE_BYTE);
        assertThat(o.last()).isInstanceOf(Step.Reply.class);
        byte[] sent = o.sentBytes();
        assertThat(sent).startsWith(4, 1, 1, (byte) 0xBB, 0, 0, 0, 1, 0);
        assertThat(new String(sent, 9, sent.length - 10, java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("intranet.example");
    }

    @Test
    void rejectedStatusInWords() throws Exception {
        SocksAddress dest = SocksAddress.of(v4("10.1.2.3"), 80);
        Script.Outcome o = Script.run(new Socks4Handshake(Command.CONNECT, dest, ""),
                bytes(Socks4Reply.rejected()), Script.ONE_BYTE);
        HandshakeFailure f = ((Step.Failed) o.last()).failure();
        assertThat(f.kind()).isEqualTo(HandshakeFailure.Kind.REPLY);
        assertThat(f.socks4Status()).isEqualTo(Socks4Status.REJECTED);
        assertThat(f.reply()).isNull();
        assertThat(f.message()).isEqualTo("CONNECT 10.1.2.3:80 failed with SOCKS4 status 0x5b (rejected or failed)");
    }

    @Test
    void aSocks5AnswerIsAProtocolError() throws Exception {
        Script.Outcome o = Script.run(new Socks4Handshake(Command.CONNECT, SocksAddress.of(v4("10.1.2.3"), 80), ""),
                new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0}, Script.ONE_BYTE);
        assertThat(((Step.Failed) o.last()).failure().kind()).isEqualTo(HandshakeFailure.Kind.PROTOCOL);
    }

    @ParameterizedTest
    @MethodSource("readers")
    void bindGivesTwoReplies(Script.Reader reader) throws Exception {
        Socks4Reply first = new Socks4Reply(Socks4Status.GRANTED, 40000, v4("10.0.0.9"));
        Socks4Reply second = new Socks4Reply(Socks4Status.GRANTED, 51000, v4("192.0.2.5"));
        Script.Outcome o = Script.run(new Socks4Handshake(Command.BIND, SocksAddress.of(v4("192.0.2.5"), 0), ""),
                bytes(first, second), reader, 8, 16);
        assertThat(o.replies()).containsExactly(
                new Step.Reply(SocksAddress.of(v4("10.0.0.9"), 40000), false),
                new Step.Reply(SocksAddress.of(v4("192.0.2.5"), 51000), true));
    }

    @Test
    void socks4CannotCarryIpv6OrUdp() throws Exception {
        assertThatThrownBy(() -> new Socks4Handshake(Command.CONNECT,
                SocksAddress.of(InetAddress.getByName("::1"), 80), "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Socks4Handshake(Command.UDP_ASSOCIATE,
                SocksAddress.of(v4("1.2.3.4"), 80), "")).hasMessageContaining("CONNECT and BIND only");
    }
}
