package dev.argyle.server.ident;

import dev.argyle.server.ident.IdentResult.Failed;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One ident query on its own connection: sends the port pair, collects the answer up to its end of line (at most
 * {@link IdentResponseParser#MAX_LINE} bytes) and completes the promise with what the parser makes of it. A close
 * before the end of line counts as {@code ERROR : UNKNOWN-ERROR} (RFC 1413 section 5). Confined to one event loop.
 */
final class IdentReplyHandler extends ChannelInboundHandlerAdapter {
    private final int portOnServer;
    private final int portOnClient;
    private final Promise<IdentResult> result;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(64);

    IdentReplyHandler(int portOnServer, int portOnClient, Promise<IdentResult> result) {
        this.portOnServer = portOnServer;
        this.portOnClient = portOnClient;
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // RFC 1413 section 3: "<port-on-server> , <port-on-client>" and CR LF.
        byte[] query = (portOnServer + ", " + portOnClient + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(query)).addListener(f -> {
            if (!f.isSuccess()) {
                result.trySuccess(new Failed("cannot send the ident query: " + f.cause().getMessage()));
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (result.isDone() || !(msg instanceof ByteBuf in)) {
                return;
            }
            while (in.isReadable()) {
                byte b = in.readByte();
                if (b == '\n') {
                    result.trySuccess(IdentResponseParser.parse(line.toByteArray(), portOnServer, portOnClient));
                    return;
                }
                if (line.size() >= IdentResponseParser.MAX_LINE) {
                    result.trySuccess(new Failed("identd answer longer than " + IdentResponseParser.MAX_LINE
                            + " bytes without an end of line"));
                    return;
                }
                line.write(b);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        result.trySuccess(new Failed("identd closed the connection without a complete answer"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        result.trySuccess(new Failed("identd connection: " + cause.getMessage()));
        ctx.close();
    }
}
