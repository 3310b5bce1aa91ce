package dev.argyle.protocol.handshake;

import static dev.argyle.protocol.handshake.Script.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.auth.PasswordAuthReply;
import dev.argyle.protocol.auth.PasswordAuthRequest;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class Socks5HandshakeTest {
    static final SocksAddress NAME = SocksAddress.domain("db.internal", 5432);
    static final SocksAddress BOUND_V4 = ip("10.0.0.9", 40000);
    static final SocksAddress BOUND_V6 = ip("2001:db8::7", 40001);
    static final SocksAddress BOUND_NAME = SocksAddress.domain("relay.example", 40002);

    static List<Script.Reader> readers() {
        return List.of(Script.ONE_BYTE, Script.AS_HINTED);
    }

    static SocksAddress ip(String literal, int port) {
        try {
            return SocksAddress.of(InetAddress.getByName(literal), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @MethodSource("readers")
    void connectWithoutAuthSendsGreetingThenRequestAndStopsAtTheReply(Script.Reader reader) {
        for (SocksAddress bound : List.of(BOUND_V4, BOUND_V6, BOUND_NAME)) {
            byte[] proxy = bytes(new Socks5MethodChoice(AuthMethod.NO_AUTH),
                    new Socks5Reply(ReplyCode.SUCCEEDED, bound), "SSH-2.0-banner");
            int choiceEnd = 2;
            int replyEnd = proxy.length - "SSH-2.0-banner".length();
            Script.Outcome o = Script.run(new Socks5Handshake(Command.CONNECT, NAME), proxy, reader,
                    choiceEnd, replyEnd);

            assertThat(o.last()).isEqualTo(new Step.Reply(bound, true));
            assertThat(o.sentBytes()).isEqualTo(bytes(Socks5Greeting.of(AuthMethod.NO_AUTH),
                    new Socks5Request(Command.CONNECT, NAME)));
            assertThat(o.consumed()).as("not one byte of the banner").isEqualTo(replyEnd);
        }
    }

    @ParameterizedTest
    @MethodSource("readers")
    void passwordAuthWhenTheProxyChoosesIt(Script.Reader reader) {
        byte[] proxy = bytes(new Socks5MethodChoice(AuthMethod.USERNAME_PASSWORD), PasswordAuthReply.SUCCESS,
                new Socks5Reply(ReplyCode.SUCCEEDED, BOUND_V4));
        Script.Outcome o = Script.run(new Socks5Handshake(Command.CONNECT, NAME, "alice", "s3cret"), proxy, reader,
                2, 4, proxy.length);

        assertThat(o.last()).isEqualTo(new Step.Reply(BOUND_V4, true));
        assertThat(o.sentBytes()).isEqualTo(bytes(
                Socks5Greeting.of(AuthMethod.NO_AUTH, AuthMethod.USERNAME_PASSWORD),
                PasswordAuthRequest.of("alice", "s3cret"),
                new Socks5Request(Command.CONNECT, NAME)));
    }

    @Test
    void credentialsAreNotSentWhenTheProxyChoosesNoAuth() {
        byte[] proxy = bytes(new Socks5MethodChoice(AuthMethod.NO_AUTH), new Socks5Reply(ReplyCode.SUCCEEDED, BOUND_V4));
        Script.Outcome o = Script.run(new Socks5Handshake(Command.CONNECT, NAME, "alice", "s3cret"), proxy,
                Script.ONE_BYTE);
        assertThat(o.last()).isInstanceOf(Step.Reply.class);
        assertThat(new String(o.sentBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
    }

    @Test
    void pipelinedAnswersInOneBufferAreTakenOneMessageAtATime() {
        Socks5Handshake h = new Socks5Handshake(Command.CONNECT, NAME, "alice", "pw");
        h.start();
        ByteBuffer all = ByteBuffer.wrap(bytes(new Socks5MethodChoice(AuthMethod.USERNAME_PASSWORD),
                PasswordAuthReply.SUCCESS, new Socks5Reply(ReplyCode.SUCCEEDED, BOUND_V4), "data"));
        assertThat(h.receive(all)).isInstanceOf(Step.Send.class);
        assertThat(h.receive(all)).isInstanceOf(Step.Send.class);
        assertThat(h.receive(all)).isEqualTo(new Step.Reply(BOUND_V4, true));
        assertThat(all.remaining()).isEqualTo(4);
        assertThat(h.finished()).isTrue();
        assertThatThrownBy(() -> h.receive(all)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failureReplyCarriesTheCodeInWords() {
        byte[] proxy = bytes(new Socks5MethodChoice(AuthMethod.NO_AUTH), Socks5Reply.failure(ReplyCode.CONNECTION_REFUSED));
        Script.Outcome o = Script.run(new Socks5Handshake(Command.CONNECT, NAME), proxy, Script.ONE_BYTE);

        HandshakeFailure f = ((Step.Failed) o.last()).failure();
        assertThat(f.kind()).isEqualTo(HandshakeFailure.Kind.REPLY);
        assertThat(f.reply()).isEqualTo(ReplyCode.CONNECTION_REFUSED);
        assertThat(f.message()).isEqualTo("CONNECT db.internal:5432 failed with reply 0x05 (connection refused)");
    }

    @Test
    void noAcceptableMethodHintsAtCredentials() {
        Script.Outcome o = Script.run(new Socks5Handshake(Command.CONNECT, NAME),
                bytes(new Socks5MethodChoice(AuthMethod.NO_ACCEPTABLE)), Script.ONE_BYTE);
        HandshakeFailure f = ((Step.Failed) o.last()).failure();
        assertThat(f.kind()).isEqualTo(HandshakeFailure.Kind.NO_ACCEPTABLE_METHOD);
        assertThat(f.message()).contains("none of the offered", "user:password@");
    }

    @Test
    void rejectedPasswordNamesTheUserButNotThePassword() {
        Script.Outcome o = Script.run(new Socks5Handshake(Command.CONNECT, NAME, "alice", "s3cret"),
                bytes(new Socks5MethodChoice(AuthMethod.USERNAME_PASSWORD), PasswordAuthReply.FAILURE),
                Script.ONE_BYTE);
        HandshakeFailure f = ((Step.Failed) o.last()).failure();
        assertThat(f.kind()).isEqualTo(HandshakeFailure.Kind.AUTH_REJECTED);
        assertThat(f.message()).contains("'alice'", "status 0x01").doesNotContain("s3cret");
    }

    @Test
    void aMethodThatWasNotOfferedIsAProtocolError() {
        Script.Outcome o = Script.run(new Socks5Handshake(Command.CONNECT, NAME),
                bytes(new Socks5MethodChoice(AuthMethod.USERNAME_PASSWORD)), Script.ONE_BYTE);
        assertThat(((Step.Failed) o.last()).failure().kind()).isEqualTo(HandshakeFailure.Kind.PROTOCOL);
        assertThat(((Step.Failed) o.last()).failure().message()).contains("not offered");
    }

    @Test
    void aSocks4AnswerIsAProtocolError() {
        Script.Outcome o = Script.run(new Socks5Handshake(Command.CONNECT, NAME),
                new byte[] {0, 0x5A, 0, 80, 1, 2, 3, 4}, Script.ONE_BYTE);
        HandshakeFailure f = ((Step.Failed) o.last()).failure();
        assertThat(f.kind()).isEqualTo(HandshakeFailure.Kind.PROTOCOL);
        assertThat(f.message()).contains("not SOCKS version 5");
    }

    @ParameterizedTest
    @MethodSource("readers")
    void bindGivesTwoReplies(Script.Reader reader) {
        SocksAddress peer = ip("192.0.2.5", 51000);
        byte[] proxy = bytes(new Socks5MethodChoice(AuthMethod.NO_AUTH), new Socks5Reply(ReplyCode.SUCCEEDED, BOUND_V4),
                new Socks5Reply(ReplyCode.SUCCEEDED, peer));
        Script.Outcome o = Script.run(new Socks5Handshake(Command.BIND, ip("192.0.2.5", 0)), proxy, reader,
                2, 12, 22);
        assertThat(o.replies()).containsExactly(new Step.Reply(BOUND_V4, false), new Step.Reply(peer, true));
        assertThat(o.consumed()).isEqualTo(22);
    }

    @Test
    void bindSecondReplyFailure() {
        byte[] proxy = bytes(new Socks5MethodChoice(AuthMethod.NO_AUTH), new Socks5Reply(ReplyCode.SUCCEEDED, BOUND_V4),
                Socks5Reply.failure(ReplyCode.TTL_EXPIRED));
        Script.Outcome o = Script.run(new Socks5Handshake(Command.BIND, ip("192.0.2.5", 0)), proxy, Script.ONE_BYTE);
        HandshakeFailure f = ((Step.Failed) o.last()).failure();
        assertThat(f.reply()).isEqualTo(ReplyCode.TTL_EXPIRED);
        assertThat(f.message()).contains("waiting for the peer", "TTL expired");
    }

    @Test
    void udpAssociateRequestAndRelayAddress() {
        byte[] proxy = bytes(new Socks5MethodChoice(AuthMethod.NO_AUTH), new Socks5Reply(ReplyCode.SUCCEEDED, BOUND_V6));
        Socks5Handshake h = new Socks5Handshake(Command.UDP_ASSOCIATE, SocksAddress.unspecifiedIpv4());
        Script.Outcome o = Script.run(h, proxy, Script.ONE_BYTE);
        assertThat(o.last()).isEqualTo(new Step.Reply(BOUND_V6, true));
        assertThat(o.sent().get(1)).isEqualTo(new Socks5Request(Command.UDP_ASSOCIATE,
                SocksAddress.unspecifiedIpv4()).toBytes());
    }

    @Test
    void waitingForDescribesEachPhase() {
        Socks5Handshake h = new Socks5Handshake(Command.CONNECT, NAME, "alice", "pw");
        h.start();
        assertThat(h.waitingFor()).isEqualTo("the method choice");
        h.receive(ByteBuffer.wrap(bytes(new Socks5MethodChoice(AuthMethod.USERNAME_PASSWORD))));
        assertThat(h.waitingFor()).isEqualTo("the RFC 1929 authentication reply");
        h.receive(ByteBuffer.wrap(bytes(PasswordAuthReply.SUCCESS)));
        assertThat(h.waitingFor()).isEqualTo("the reply to CONNECT db.internal:5432");
        assertThat(h.toString()).doesNotContain("pw]").contains("alice");
    }

    @Test
    void misuseIsAnIllegalState() {
        Socks5Handshake h = new Socks5Handshake(Command.CONNECT, NAME);
        assertThatThrownBy(() -> h.receive(ByteBuffer.allocate(0))).isInstanceOf(IllegalStateException.class);
        h.start();
        assertThatThrownBy(h::start).isInstanceOf(IllegalStateException.class);
    }
}
