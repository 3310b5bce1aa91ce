package dev.argyle.server;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.Decoder;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.protocol.WireMessage;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Request;
import dev.argyle.protocol.v4.Socks4Status;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.server.auth.DatagramSecurity;
import dev.argyle.server.auth.MethodNegotiator;
import dev.argyle.server.auth.Negotiation;
import dev.argyle.server.auth.PasswordNegotiator;
import dev.argyle.server.command.CommandContext;
import dev.argyle.server.command.CommandRegistry;
import dev.argyle.server.command.SocksCommand;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.IdentMode;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.ident.IdentCheck;
import dev.argyle.server.ident.IdentVerdict;
import dev.argyle.server.limit.Permit;
import dev.argyle.server.observe.Session;
import dev.argyle.server.policy.Decision;
import dev.argyle.server.policy.SessionGate;
import dev.argyle.server.proxyheader.ClientAddress;
import dev.argyle.server.tls.ClientCertificates;
import dev.argyle.server.relay.Reading;
import dev.argyle.server.relay.Transformed;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server side of the handshake, as an explicit state machine over buffered bytes: the first byte picks
 * SOCKS4 or SOCKS5, then each state decodes one message with the protocol module's incremental decoders, so
 * a message split over many reads and several messages in one read both work. Once a command succeeds this
 * handler hands the channel to the relay and removes itself; bytes the client sent after its request are
 * passed on to the destination, not lost.
 *
 * <p>The handshake timeout runs from accept until the request has been read; the connect timeout then
 * bounds the outbound attempt.
 */
final class SocksHandshakeHandler extends ChannelInboundHandlerAdapter {
    /** How long a refused client may keep sending before we close (we drain instead of resetting). */
    private static final long LINGER_MILLIS = 2000;
    /** Bytes a client may send ahead while a step (auth check, ident, connect) runs before reading stops. */
    static final int EARLY_BYTES_LIMIT = 64 * 1024;

    private enum State { VERSION, V4_REQUEST, V5_GREETING, V5_AUTH, V5_REQUEST, WAITING, RELAYING, TAKEN_OVER, CLOSING }

    private final ServerContext server;
    private final ListenerConfig listener;
    private final CommandRegistry commands;
    private State state = State.VERSION;
    private ByteBuf buffered;
    private Session session;
    private SessionGate gate;
    private ScheduledFuture<?> handshakeTimer;
    private boolean requestReceived;
    private boolean inputShutdown;
    /** Set when the user was over the per-user limit: the request is refused with this error. */
    private String userRefusal;
    /** The chosen method's sub-negotiation, while in {@link State#V5_AUTH}. */
    private MethodNegotiator<?> negotiator;
    /** The CN of a verified TLS client certificate, or {@code null}; see {@link #certificateUser}. */
    private String certUser;

    SocksHandshakeHandler(ServerContext server, ListenerConfig listener, CommandRegistry commands) {
        this.server = server;
        this.listener = listener;
        this.commands = commands;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        session = new Session((InetSocketAddress) ch.localAddress(), ClientAddress.of(ch));
        server.listener().opened(session);
        server.listener().attached(session, ch);
        gate = new SessionGate(server.policy(), listener.address(), session);
        Decision admitted = gate.admit();
        if (admitted.blocked()) {
            closeWithoutReply(ctx, admitted.reason()); // before a byte is read: no reply, just the close
            return;
        }
        Permit permit = server.limits().tryAcquireClient(session.client().getAddress());
        if (!permit.granted()) {
            closeWithoutReply(ctx, permit.error()); // like a blocked client: no reply, cheapest under load
            return;
        }
        ch.closeFuture().addListener(f -> permit.close()); // whatever ends the session, the place comes back
        handshakeTimer = ctx.executor().schedule(() -> onHandshakeTimeout(ctx),
                server.config().timeouts().handshake().toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in) || state.compareTo(State.WAITING) > 0) {
            ReferenceCountUtil.release(msg);
            return;
        }
        buffered = buffered == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffered, in);
        if (state == State.WAITING && buffered.readableBytes() >= EARLY_BYTES_LIMIT) {
            ctx.channel().config().setAutoRead(false); // the step's end (or the relay) turns it on again
        }
        process(ctx);
    }

    /** Decodes as many messages as are buffered and the current state allows. */
    private void process(ChannelHandlerContext ctx) {
        while (buffered != null && buffered.isReadable()) {
            switch (state) {
                case VERSION -> {
                    int version = buffered.getUnsignedByte(buffered.readerIndex());
                    if (version != 4 && version != 5) {
                        closeWithoutReply(ctx, String.format("not a SOCKS request (first byte 0x%02x)", version));
                        return;
                    }
                    session.version(version);
                    certificateUser(ctx);
                    state = version == 4 ? State.V4_REQUEST : State.V5_GREETING;
                }
                case V4_REQUEST -> {
                    Socks4Request request = take(ctx, Socks4Request.DECODER);
                    if (request == null) {
                        return;
                    }
                    onSocks4Request(ctx, request);
                }
                case V5_GREETING -> {
                    Socks5Greeting greeting = take(ctx, Socks5Greeting.DECODER);
                    if (greeting == null) {
                        return;
                    }
                    onGreeting(ctx, greeting);
                }
                case V5_AUTH -> {
                    if (!negotiate(ctx, negotiator)) {
                        return;
                    }
                }
                case V5_REQUEST -> {
                    Socks5Request request = take(ctx, Socks5Request.DECODER);
                    if (request == null) {
                        return;
                    }
                    onSocks5Request(ctx, request);
                }
                default -> {
                    return;
                }
            }
        }
        closeIfStarved(ctx);
    }

    /** Decodes one message; on a malformed one answers as the current state's protocol says and closes. */
    private <T> T take(ChannelHandlerContext ctx, Decoder<T> decoder) {
        ByteBuffer view = buffered.nioBuffer();
        DecodeResult<T> result = decoder.decode(view);
        if (result instanceof DecodeResult.Done<T> done) {
            buffered.skipBytes(view.position());
            return done.message();
        }
        if (result instanceof DecodeResult.Malformed<T> bad) {
            String reason = "malformed " + state.name().toLowerCase() + ": " + bad.reason();
            switch (state) {
                case V4_REQUEST -> refuse(ctx, Socks4Reply.rejected(), "0x5b", reason);
                case V5_GREETING -> refuse(ctx, new Socks5MethodChoice(AuthMethod.NO_ACCEPTABLE), "-", reason);
                case V5_AUTH -> refuse(ctx, negotiator.malformedReply(), "-", reason);
                default -> refuse(ctx, Socks5Reply.failure(bad.reply()), hex(bad.reply().code()), reason);
            }
        }
        return null;
    }

    private void onSocks4Request(ChannelHandlerContext ctx, Socks4Request request) {
        session.request(request.command(), request.destination());
        session.user(request.userId().isEmpty() ? null : request.userId());
        if (certUser != null) { // the verified certificate outranks the USERID the client claims
            session.user(certUser);
        }
        if (listener.auth() != AuthMode.NONE) {
            requestReceived();
            // SOCKS4 carries no password: a listener that requires one cannot serve it.
            refuse(ctx, Socks4Reply.rejected(), "0x5b", "SOCKS4 refused: this listener requires a password");
            return;
        }
        if (listener.ident().mode() != IdentMode.OFF) {
            askIdent(ctx, request); // the handshake timeout keeps running until the identd has answered
            return;
        }
        requestReceived();
        dispatch(ctx, request.command(), request.destination());
    }

    /** RFC 1413: bytes sent after the request wait in {@code buffered} meanwhile. */
    private void askIdent(ChannelHandlerContext ctx, Socks4Request request) {
        awaitStep();
        new IdentCheck(listener.ident(), server.transport().socketChannel()).run(ctx.channel(), request.userId())
                .addListener(f -> {
                    IdentVerdict verdict = (IdentVerdict) f.getNow();
                    if (state != State.WAITING || !ctx.channel().isActive()) {
                        return;
                    }
                    requestReceived();
                    session.ident(verdict.identUser());
                    if (verdict.refused()) {
                        refuse(ctx, verdict.reply(), hex(verdict.refusal().code()), verdict.reason());
                        return;
                    }
                    if (verdict.verified()) { // the identd confirmed USERID: rules and limits see it as the user
                        session.authMethod("ident");
                        gate.authenticated(verdict.identUser(), List.of());
                        limitUser(ctx, verdict.identUser());
                    }
                    dispatch(ctx, request.command(), request.destination());
                });
    }

    /**
     * On a TLS listener, a verified client certificate makes its CN the session's user for rules, limits and the
     * access log ({@code auth=tls}), as a password would. Only with {@code auth: none}: on a password or GSS-API
     * listener the certificate is checked by TLS, and the method's user is the session's user.
     */
    private void certificateUser(ChannelHandlerContext ctx) {
        certUser = listener.auth() == AuthMode.NONE ? ClientCertificates.verifiedUser(ctx.channel()) : null;
        if (certUser != null) {
            session.authMethod("tls");
            session.user(certUser);
            gate.authenticated(certUser, List.of());
            limitUser(ctx, certUser);
        }
    }

    private void onGreeting(ChannelHandlerContext ctx, Socks5Greeting greeting) {
        negotiator = negotiatorFor(listener.auth());
        AuthMethod wanted = negotiator == null ? AuthMethod.NO_AUTH : negotiator.method();
        if (!greeting.offers(wanted)) {
            refuse(ctx, new Socks5MethodChoice(AuthMethod.NO_ACCEPTABLE), "-",
                    "no acceptable method: client offered " + greeting.methods() + ", listener requires " + wanted);
            return;
        }
        session.authMethod(certUser != null ? "tls" : wanted.toString()); // SOCKS5 "no auth" inside a verified TLS client
        ctx.writeAndFlush(wrap(new Socks5MethodChoice(wanted)), ctx.voidPromise());
        state = wanted == AuthMethod.NO_AUTH ? State.V5_REQUEST : State.V5_AUTH;
    }

    /** The server half of the listener's method, or null for no authentication. */
    private MethodNegotiator<?> negotiatorFor(AuthMode mode) {
        return switch (mode) {
            case PASSWORD -> new PasswordNegotiator(server.authenticator());
            case GSSAPI -> server.gssapi().negotiator();
            default -> null;
        };
    }

    /** Decodes one sub-negotiation message and hands it to the method; false when none is complete yet. */
    private <T> boolean negotiate(ChannelHandlerContext ctx, MethodNegotiator<T> method) {
        T message = take(ctx, method.decoder());
        if (message == null) {
            return false;
        }
        method.handle(message, new AuthSession(ctx));
        return true;
    }

    /** The handshake's side of the method's sub-negotiation. */
    private final class AuthSession implements Negotiation {
        private final ChannelHandlerContext ctx;

        AuthSession(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public InetAddress client() {
            return session.client().getAddress();
        }

        @Override
        public EventExecutor executor() {
            return ctx.executor();
        }

        @Override
        public void claimedUser(String user) {
            session.user(user);
        }

        @Override
        public void send(WireMessage message) {
            ctx.writeAndFlush(wrap(message), ctx.voidPromise());
        }

        @Override
        public void suspend() {
            awaitStep();
        }

        @Override
        public boolean waiting() {
            return state == State.WAITING && ctx.channel().isActive();
        }

        @Override
        public void resume() {
            state = State.V5_AUTH;
            Reading.resume(ctx.channel());
            process(ctx);
        }

        @Override
        public void authenticated(String user, List<String> groups, ChannelHandler protection) {
            session.user(user);
            gate.authenticated(user, groups);
            limitUser(ctx, user);
            state = State.V5_REQUEST;
            Reading.resume(ctx.channel());
            if (protection != null) {
                protect(ctx, protection);
            } else {
                process(ctx);
            }
        }

        @Override
        public void refused(WireMessage reply, String reason) {
            if (reply == null) {
                closeWithoutReply(ctx, reason);
            } else {
                refuse(ctx, reply, "-", reason);
            }
        }
    }

    /**
     * Puts the security layer in front of this handler. Bytes the client already sent after the
     * sub-negotiation are protected messages too: they go back through the pipeline's head, so the layer
     * unwraps them before they reach this handler again.
     */
    private void protect(ChannelHandlerContext ctx, ChannelHandler protection) {
        Transformed.mark(ctx.channel());
        ctx.pipeline().addBefore(ctx.name(), DatagramSecurity.NAME, protection);
        ByteBuf early = buffered;
        buffered = null;
        if (early != null && early.isReadable()) {
            ctx.pipeline().fireChannelRead(early);
            ctx.pipeline().fireChannelReadComplete();
        } else if (early != null) {
            early.release();
        }
    }

    /** Over the per-user limit, the request (the next message) is refused: the auth reply has no such code. */
    private void limitUser(ChannelHandlerContext ctx, String user) {
        Permit permit = server.limits().tryAcquireUser(user);
        if (permit.granted()) {
            ctx.channel().closeFuture().addListener(f -> permit.close());
        } else {
            userRefusal = permit.error();
        }
    }

    private void onSocks5Request(ChannelHandlerContext ctx, Socks5Request request) {
        requestReceived();
        session.request(request.command(), request.destination());
        dispatch(ctx, request.command(), request.destination());
    }

    private void dispatch(ChannelHandlerContext ctx, Command command, SocksAddress destination) {
        if (userRefusal != null) {
            failure(ctx, ReplyCode.NOT_ALLOWED, userRefusal);
            return;
        }
        SocksCommand handler = commands.find(session.version(), command);
        if (handler == null) {
            failure(ctx, ReplyCode.COMMAND_NOT_SUPPORTED, "command not supported: " + command);
            return;
        }
        Decision allowed = gate.request(command, destination); // names: only what the name alone decides
        if (allowed.blocked()) {
            failure(ctx, ReplyCode.NOT_ALLOWED, allowed.reason());
            return;
        }
        awaitStep();
        handler.execute(new Context(ctx), destination);
    }

    /** The failure reply for the client's version, then a clean close. */
    private void failure(ChannelHandlerContext ctx, ReplyCode code, String reason) {
        if (session.version() == 4) {
            refuse(ctx, Socks4Reply.rejected(), "0x5b", reason);
        } else {
            refuse(ctx, Socks5Reply.failure(code), hex(code.code()), reason);
        }
    }

    /** The handshake's side of a running command. */
    private final class Context implements CommandContext {
        private final ChannelHandlerContext ctx;

        Context(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Channel client() {
            return ctx.channel();
        }

        @Override
        public Session session() {
            return session;
        }

        @Override
        public int version() {
            return session.version();
        }

        @Override
        public boolean isOpen() {
            return state == State.WAITING && ctx.channel().isActive();
        }

        @Override
        public ChannelFuture succeeded(InetSocketAddress bound) {
            session.bound(bound);
            if (session.version() == 4) {
                Inet4Address ip = bound.getAddress() instanceof Inet4Address v4 ? v4 : Socks4Reply.rejected().address();
                session.reply("0x5a");
                return ctx.writeAndFlush(wrap(new Socks4Reply(Socks4Status.GRANTED, bound.getPort(), ip)));
            }
            session.reply("0x00");
            return ctx.writeAndFlush(wrap(new Socks5Reply(ReplyCode.SUCCEEDED, SocksAddress.of(bound))));
        }

        @Override
        public void failed(ReplyCode code, String reason) {
            if (isOpen()) {
                failure(ctx, code, reason);
            }
        }

        @Override
        public void failed(Throwable cause) {
            String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            failed(ReplyCode.forFailure(cause), text);
        }

        @Override
        public void relay(Channel target) {
            Channel client = ctx.channel();
            state = State.RELAYING;
            server.relay().start(client, target, session, SocksHandshakeHandler.this::sessionEnded);
            server.listener().relaying(session, client, target);
            boolean finAlreadySeen = inputShutdown;
            ctx.pipeline().remove(SocksHandshakeHandler.this); // passes on bytes sent after the request
            if (finAlreadySeen) {
                // The client's FIN came before the command finished: deliver it after those bytes.
                client.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            }
        }

        @Override
        public void takeOver() {
            state = State.TAKEN_OVER;
            releaseBuffered();
            ctx.channel().closeFuture().addListener(f -> sessionEnded());
            ctx.pipeline().remove(SocksHandshakeHandler.this);
        }

        @Override
        public Decision authorize(SocksAddress destination, InetAddress address) {
            return gate.authorize(destination, address);
        }

        @Override
        public void track(Channel channel) {
            server.channels().add(channel);
        }
    }

    /**
     * An asynchronous step (auth check, ident, connect) runs. Reading stays on: a client normally sends nothing
     * until it has the reply, and turning reading off and on again would cost two {@code epoll_ctl} per
     * session. What a client does send ahead waits in {@code buffered}; past {@link #EARLY_BYTES_LIMIT}
     * reading stops, and so it does when the client's input ends (the relay passes that on).
     */
    private void awaitStep() {
        state = State.WAITING;
    }

    private void requestReceived() {
        requestReceived = true;
        handshakeTimer.cancel(false);
    }

    /**
     * Sends a refusal and closes cleanly: the reply, then FIN, then whatever the client still sends is
     * discarded until it closes or a short linger passes. Closing at once with unread input would make the
     * kernel send RST, which can destroy the reply before the client reads it.
     */
    private void refuse(ChannelHandlerContext ctx, WireMessage reply, String replyCode, String reason) {
        session.reply(replyCode);
        session.error(reason);
        state = State.CLOSING;
        handshakeTimer.cancel(false);
        releaseBuffered();
        Channel ch = ctx.channel();
        ctx.writeAndFlush(wrap(reply)).addListener(f -> {
            if (!f.isSuccess() || inputShutdown || !(ch instanceof DuplexChannel duplex)) {
                ch.close();
                return;
            }
            duplex.shutdownOutput();
            ch.config().setAutoRead(true);
            ctx.executor().schedule(() -> ch.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    private void closeWithoutReply(ChannelHandlerContext ctx, String reason) {
        session.error(reason);
        state = State.CLOSING;
        releaseBuffered();
        ctx.close();
    }

    private void onHandshakeTimeout(ChannelHandlerContext ctx) {
        if (!requestReceived && state != State.CLOSING) {
            closeWithoutReply(ctx, "handshake timeout");
        }
    }

    /** The client half-closed with an incomplete message: no more bytes can complete it. */
    private void closeIfStarved(ChannelHandlerContext ctx) {
        if (inputShutdown && state.compareTo(State.WAITING) < 0) {
            closeWithoutReply(ctx, "client closed during handshake");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            if (state == State.WAITING) {
                ctx.channel().config().setAutoRead(false); // nothing more can come; Reading.resume leaves it off
            }
            if (state == State.CLOSING) {
                ctx.close();
            } else {
                closeIfStarved(ctx);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        // Bounded: Netty's NotSslRecordException carries a hex dump of whatever the client sent instead of TLS.
        session.error("client: " + (message.length() > 240 ? message.substring(0, 240) + "..." : message));
        state = State.CLOSING;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        releaseBuffered();
        if (state != State.RELAYING && state != State.TAKEN_OVER) {
            if (session.error() == null && !requestReceived) {
                session.error("client closed during handshake");
            }
            sessionEnded();
        }
        ctx.fireChannelInactive();
    }

    /** Passes bytes the client sent after its request on to the relay, which forwards them to the destination. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ByteBuf rest = buffered;
        buffered = null;
        if (rest != null && rest.isReadable() && state == State.RELAYING) {
            // Read (and counted) before the relay started, so the relay's count does not include them.
            session.addUp(rest.readableBytes());
            ctx.fireChannelRead(rest);
            ctx.fireChannelReadComplete();
        } else if (rest != null) {
            rest.release();
        }
    }

    private void sessionEnded() {
        if (session != null && session.end()) {
            server.listener().closed(session);
        }
    }

    private void releaseBuffered() {
        if (buffered != null) {
            buffered.release();
            buffered = null;
        }
    }

    private static ByteBuf wrap(WireMessage message) {
        return Unpooled.wrappedBuffer(message.toBytes());
    }

    private static String hex(int code) {
        return String.format("0x%02x", code);
    }
}
