package dev.argyle.protocol.handshake;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.auth.PasswordAuthReply;
import dev.argyle.protocol.auth.PasswordAuthRequest;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The client side of a SOCKS5 handshake (RFC 1928), with username/password authentication (RFC 1929) when
 * credentials are given.
 *
 * <pre>
 *  client                                   proxy
 *  greeting (none[, password])  ---------->
 *                               <---------- method choice
 *  [RFC 1929 user/password      ---------->
 *                               <---------- RFC 1929 status]
 *  request CMD DST              ---------->
 *                               <---------- reply REP BND
 *                               <---------- (BIND only) second reply: the peer
 * </pre>
 *
 * With credentials the greeting offers "none" and "password", so one hop URI with a user works against
 * proxies that do and do not ask for one; the proxy chooses. One message per round trip: nothing is sent
 * before the proxy's answer to the previous message, which every RFC 1928 server understands.
 */
public final class Socks5Handshake implements ClientHandshake {
    private enum State { NEW, METHOD, AUTH, REPLY, SECOND_REPLY, DONE }

    private final Command command;
    private final SocksAddress destination;
    private final PasswordAuthRequest credentials;
    private final boolean authenticated;
    private State state = State.NEW;

    /**
     * @param command     CONNECT, BIND or UDP ASSOCIATE
     * @param destination DST.ADDR/DST.PORT, sent as given (a domain name travels as ATYP 3)
     * @param user        RFC 1929 user name, or null to offer no authentication
     * @param password    RFC 1929 password (with a user), or null
     */
    public Socks5Handshake(Command command, SocksAddress destination, String user, String password) {
        this.command = Objects.requireNonNull(command, "command");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.credentials = user == null ? null : PasswordAuthRequest.of(user, password == null ? "" : password);
        this.authenticated = false;
    }

    private Socks5Handshake(Command command, SocksAddress destination, boolean authenticated) {
        this.command = Objects.requireNonNull(command, "command");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.credentials = null;
        this.authenticated = authenticated;
    }

    /**
     * The rest of a handshake whose greeting and authentication the caller ran itself (GSS-API, RFC 1961,
     * which needs a security context this sans-IO class does not hold): {@link #start()} is the request.
     */
    public static Socks5Handshake afterAuthentication(Command command, SocksAddress destination) {
        return new Socks5Handshake(command, destination, true);
    }

    /** Without authentication. */
    public Socks5Handshake(Command command, SocksAddress destination) {
        this(command, destination, null, null);
    }

    @Override
    public byte[] start() {
        if (state != State.NEW) {
            throw new IllegalStateException("already started");
        }
        if (authenticated) {
            state = State.REPLY;
            return new Socks5Request(command, destination).toBytes();
        }
        state = State.METHOD;
        Socks5Greeting greeting = credentials == null
                ? Socks5Greeting.of(AuthMethod.NO_AUTH)
                : Socks5Greeting.of(AuthMethod.NO_AUTH, AuthMethod.USERNAME_PASSWORD);
        return greeting.toBytes();
    }

    @Override
    public Step receive(ByteBuffer in) {
        return switch (state) {
            case NEW -> throw new IllegalStateException("call start() first");
            case DONE -> throw new IllegalStateException("the handshake is over");
            case METHOD -> methodChoice(in);
            case AUTH -> authReply(in);
            case REPLY, SECOND_REPLY -> reply(in);
        };
    }

    private Step methodChoice(ByteBuffer in) {
        DecodeResult<Socks5MethodChoice> r = Socks5MethodChoice.DECODER.decode(in);
        if (r instanceof DecodeResult.NeedMore) {
            return new Step.NeedMore(MessageLength.fixed(2, in));
        }
        if (r instanceof DecodeResult.Malformed<Socks5MethodChoice> bad) {
            return fail(HandshakeFailure.protocol("not a SOCKS5 method choice: " + bad.reason()));
        }
        AuthMethod method = ((DecodeResult.Done<Socks5MethodChoice>) r).message().method();
        if (method.equals(AuthMethod.NO_AUTH)) {
            state = State.REPLY;
            return new Step.Send(new Socks5Request(command, destination).toBytes());
        }
        if (method.equals(AuthMethod.USERNAME_PASSWORD) && credentials != null) {
            state = State.AUTH;
            return new Step.Send(credentials.toBytes());
        }
        if (method.equals(AuthMethod.NO_ACCEPTABLE)) {
            String hint = credentials == null
                    ? "; it may want a user name and password (user:password@ in the hop URI)" : "";
            return fail(new HandshakeFailure(HandshakeFailure.Kind.NO_ACCEPTABLE_METHOD,
                    "the proxy accepts none of the offered authentication methods (" + offered() + ")" + hint,
                    null, null));
        }
        return fail(HandshakeFailure.protocol("the proxy chose authentication method " + method
                + ", which was not offered (" + offered() + ")"));
    }

    private Step authReply(ByteBuffer in) {
        DecodeResult<PasswordAuthReply> r = PasswordAuthReply.DECODER.decode(in);
        if (r instanceof DecodeResult.NeedMore) {
            return new Step.NeedMore(MessageLength.fixed(2, in));
        }
        if (r instanceof DecodeResult.Malformed<PasswordAuthReply> bad) {
            return fail(HandshakeFailure.protocol("not an RFC 1929 reply: " + bad.reason()));
        }
        PasswordAuthReply reply = ((DecodeResult.Done<PasswordAuthReply>) r).message();
        if (!reply.isSuccess()) {
            return fail(new HandshakeFailure(HandshakeFailure.Kind.AUTH_REJECTED, String.format(
                    "the proxy rejected the user name and password for user '%s' (RFC 1929 status 0x%02x)",
                    credentials.username(), reply.status()), null, null));
        }
        state = State.REPLY;
        return new Step.Send(new Socks5Request(command, destination).toBytes());
    }

    private Step reply(ByteBuffer in) {
        DecodeResult<Socks5Reply> r = Socks5Reply.DECODER.decode(in);
        if (r instanceof DecodeResult.NeedMore) {
            return new Step.NeedMore(MessageLength.socks5Reply(in));
        }
        if (r instanceof DecodeResult.Malformed<Socks5Reply> bad) {
            return fail(HandshakeFailure.protocol("not a SOCKS5 reply: " + bad.reason()));
        }
        Socks5Reply reply = ((DecodeResult.Done<Socks5Reply>) r).message();
        boolean second = state == State.SECOND_REPLY;
        if (!reply.reply().isSuccess()) {
            String what = second ? "BIND " + destination + " (waiting for the peer)" : requestText();
            return fail(new HandshakeFailure(HandshakeFailure.Kind.REPLY,
                    what + " failed with reply " + reply.reply(), reply.reply(), null));
        }
        if (command.equals(Command.BIND) && !second) {
            state = State.SECOND_REPLY;
            return new Step.Reply(reply.bound(), false);
        }
        state = State.DONE;
        return new Step.Reply(reply.bound(), true);
    }

    private Step fail(HandshakeFailure failure) {
        state = State.DONE;
        return new Step.Failed(failure);
    }

    private String offered() {
        return credentials == null ? "offered: none" : "offered: none, password";
    }

    private String requestText() {
        return command.label().toUpperCase(java.util.Locale.ROOT).replace("UDP", "UDP ASSOCIATE") + " " + destination;
    }

    @Override
    public String waitingFor() {
        return switch (state) {
            case NEW -> "nothing (not started)";
            case METHOD -> "the method choice";
            case AUTH -> "the RFC 1929 authentication reply";
            case REPLY -> "the reply to " + requestText();
            case SECOND_REPLY -> "the second BIND reply (the peer's connection)";
            case DONE -> "nothing (finished)";
        };
    }

    @Override
    public boolean finished() {
        return state == State.DONE;
    }

    @Override
    public String toString() {
        return "Socks5Handshake[" + requestText() + (credentials == null ? "" : ", user " + credentials.username())
                + ", " + state + "]";
    }
}
