package dev.argyle.bench;

import dev.argyle.protocol.WireMessage;
import dev.argyle.protocol.auth.PasswordAuthReply;
import dev.argyle.protocol.auth.PasswordAuthRequest;
import dev.argyle.protocol.gssapi.GssFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Decoding and encoding RFC 1929 username/password messages and an RFC 1961 frame (64-byte token). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AuthCodec {
    private final ByteBuffer out = Samples.scratch();
    private WireMessage passwordRequest;
    private WireMessage passwordReply;
    private WireMessage gssFrame;
    private ByteBuffer passwordRequestBytes;
    private ByteBuffer passwordReplyBytes;
    private ByteBuffer gssFrameBytes;

    @Setup
    public void setUp() {
        passwordRequest = PasswordAuthRequest.of("alice", "correct horse battery");
        passwordReply = PasswordAuthReply.SUCCESS;
        gssFrame = GssFrame.context(new byte[64]);
        passwordRequestBytes = Samples.encoded(passwordRequest);
        passwordReplyBytes = Samples.encoded(passwordReply);
        gssFrameBytes = Samples.encoded(gssFrame);
    }

    private void encode(WireMessage message, Blackhole bh) {
        out.clear();
        message.encodeTo(out);
        bh.consume(out.position());
    }

    @Benchmark
    public void decodePasswordRequest(Blackhole bh) {
        bh.consume(PasswordAuthRequest.DECODER.decode(passwordRequestBytes.rewind()));
    }

    @Benchmark
    public void decodePasswordReply(Blackhole bh) {
        bh.consume(PasswordAuthReply.DECODER.decode(passwordReplyBytes.rewind()));
    }

    @Benchmark
    public void decodeGssFrame(Blackhole bh) {
        bh.consume(GssFrame.DECODER.decode(gssFrameBytes.rewind()));
    }

    @Benchmark
    public void encodePasswordRequest(Blackhole bh) {
        encode(passwordRequest, bh);
    }

    @Benchmark
    public void encodePasswordReply(Blackhole bh) {
        encode(passwordReply, bh);
    }

    @Benchmark
    public void encodeGssFrame(Blackhole bh) {
        encode(gssFrame, bh);
    }
}
