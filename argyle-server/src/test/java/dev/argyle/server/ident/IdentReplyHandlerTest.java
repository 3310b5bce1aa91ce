package dev.argyle.server.ident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.ident.IdentResult.Failed;
import dev.argyle.server.ident.IdentResult.Identified;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The query connection's handler on an embedded channel: what it sends, and answers however they are split. */
class IdentReplyHandlerTest {
    private Promise<IdentResult> result;

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        result = ch.eventLoop().newPromise();
        ch.pipeline().addLast(new IdentReplyHandler(51234, 1080, result));
        ch.pipeline().fireChannelActive();
        return ch;
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void sendsTheClientsPortFirstThenOursWithCrLf() {
        EmbeddedChannel ch = channel();
        ByteBuf query = ch.readOutbound();
        assertThat(query.toString(StandardCharsets.US_ASCII)).isEqualTo("51234, 1080\r\n");
        query.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void anAnswerArrivingOneByteAtATimeIsRead() {
        EmbeddedChannel ch = channel();
        for (byte b : "51234 , 1080 : USERID : UNIX : alice\r\n".getBytes(StandardCharsets.ISO_8859_1)) {
            assertThat(result.isDone()).isFalse();
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(result.getNow()).isEqualTo(new Identified("alice", "UNIX", "US-ASCII"));
        ch.finishAndReleaseAll();
    }

    @Test
    void bytesAfterTheEndOfLineAreIgnored() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("51234, 1080 : USERID : UNIX : alice\nand then some junk"));
        ch.writeInbound(ascii("more junk\n"));
        assertThat(result.getNow()).isEqualTo(new Identified("alice", "UNIX", "US-ASCII"));
        ch.finishAndReleaseAll();
    }

    @Test
    void aLineOf1000BytesIsReadAndOneByteMoreIsRefused() {
        String head = "51234, 1080 : USERID : OTHER : ";
        EmbeddedChannel fits = channel();
        fits.writeInbound(ascii(head + "u".repeat(1000 - head.length()) + "\n"));
        assertThat(result.getNow()).isInstanceOf(Identified.class);
        fits.finishAndReleaseAll();

        EmbeddedChannel over = channel();
        over.writeInbound(ascii(head + "u".repeat(1001 - head.length())));
        assertThat(result.getNow()).isEqualTo(new Failed("identd answer longer than 1000 bytes without an end of line"));
        over.finishAndReleaseAll();
    }

    @Test
    void aCloseBeforeTheEndOfLineIsAFailure() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(ascii("51234, 1080 : USERID : UNIX : ali"));
        ch.close();
        assertThat(result.getNow()).isEqualTo(new Failed("identd closed the connection without a complete answer"));
        ch.finishAndReleaseAll();
    }
}
