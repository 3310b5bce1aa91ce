package dev.argyle.protocol.handshake;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Request;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;

/**
 * The client side of a SOCKS4 request, or SOCKS4a when the destination is a name (the proxy resolves it).
 * One request, one reply of 8 bytes; BIND gets a second reply when the peer connects.
 *
 * <pre>
 *  client                                  proxy
 *  VN=4 CD DSTPORT DSTIP USERID 0 [HOST 0] ---------->
 *                                         <---------- VN=0 CD=90..93 DSTPORT DSTIP
 *                                         <---------- (BIND only) second reply
 * </pre>
 */
public final class Socks4Handshake implements ClientHandshake {
    private enum State { NEW, REPLY, SECOND_REPLY, DONE }

    private final Socks4Request request;
    private State state = State.NEW;

    /**
     * @param command     CONNECT or BIND (SOCKS4 has no UDP)
     * @param destination an IPv4 address, or a name for SOCKS4a
     * @param userId      USERID, possibly empty
     * @throws IllegalArgumentException for an IPv6 destination or a command SOCKS4 lacks
     */
    public Socks4Handshake(Command command, SocksAddress destination, String userId) {
        Objects.requireNonNull(command, "command");
        if (!command.equals(Command.CONNECT) && !command.equals(Command.BIND)) {
            throw new IllegalArgumentException("SOCKS4 has CONNECT and BIND only, not " + command);
        }
        this.request = new Socks4Request(command, destination, userId == null ? "" : userId);
    }

    @Override
    public byte[] start() {
        if (state != State.NEW) {
            throw new IllegalStateException("already started");
        }
        state = State.REPLY;
        return request.toBytes();
    }

    @Override
    public Step receive(ByteBuffer in) {
        if (state == State.NEW) {
            throw new IllegalStateException("call start() first");
        }
        if (state == State.DONE) {
            throw new IllegalStateException("the handshake is over");
        }
        DecodeResult<Socks4Reply> r = Socks4Reply.DECODER.decode(in);
        if (r instanceof DecodeResult.NeedMore) {
            return new Step.NeedMore(MessageLength.fixed(8, in));
        }
        if (r instanceof DecodeResult.Malformed<Socks4Reply> bad) {
            state = State.DONE;
            return new Step.Failed(HandshakeFailure.protocol("not a SOCKS4 reply: " + bad.reason()));
        }
        Socks4Reply reply = ((DecodeResult.Done<Socks4Reply>) r).message();
        boolean second = state == State.SECOND_REPLY;
        if (!reply.status().isGranted()) {
            state = State.DONE;
            String what = second ? requestText() + " (waiting for the peer)" : requestText();
            return new Step.Failed(new HandshakeFailure(HandshakeFailure.Kind.REPLY,
                    what + " failed with SOCKS4 status " + reply.status(), null, reply.status()));
        }
        SocksAddress address = SocksAddress.of(reply.address(), reply.port());
        if (request.command().equals(Command.BIND) && !second) {
            state = State.SECOND_REPLY;
            return new Step.Reply(address, false);
        }
        state = State.DONE;
        return new Step.Reply(address, true);
    }

    private String requestText() {
        return request.command().label().toUpperCase(Locale.ROOT) + " " + request.destination();
    }

    @Override
    public String waitingFor() {
        return switch (state) {
            case NEW -> "nothing (not started)";
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
        return "Socks4Handshake[" + requestText() + ", " + state + "]";
    }
}
