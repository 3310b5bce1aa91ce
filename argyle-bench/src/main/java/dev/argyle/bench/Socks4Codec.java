package dev.argyle.bench;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.WireMessage;
import dev.argyle.protocol.v4.Socks4Reply;
import dev.argyle.protocol.v4.Socks4Request;
import dev.argyle.protocol.v4.Socks4Status;
import java.net.Inet4Address;
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

/** Decoding and encoding SOCKS4 and 4a requests and the SOCKS4 reply. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class Socks4Codec {
    private final ByteBuffer out = Samples.scratch();
    private WireMessage request;
    private WireMessage request4a;
    private WireMessage reply;
    private ByteBuffer requestBytes;
    private ByteBuffer request4aBytes;
    private ByteBuffer replyBytes;

    @Setup
    public void setUp() {
        request = new Socks4Request(Command.CONNECT, Samples.ipv4(), "alice");
        request4a = new Socks4Request(Command.CONNECT, Samples.domain(), "alice");
        reply = new Socks4Reply(Socks4Status.GRANTED, Samples.PORT, (Inet4Address) Samples.ipv4().address());
        requestBytes = Samples.encoded(request);
        request4aBytes = Samples.encoded(request4a);
        replyBytes = Samples.encoded(reply);
    }

    private void encode(WireMessage message, Blackhole bh) {
        out.clear();
        message.encodeTo(out);
        bh.consume(out.position());
    }

    @Benchmark
    public void decodeRequest(Blackhole bh) {
        bh.consume(Socks4Request.DECODER.decode(requestBytes.rewind()));
    }

    @Benchmark
    public void decodeRequest4a(Blackhole bh) {
        bh.consume(Socks4Request.DECODER.decode(request4aBytes.rewind()));
    }

    @Benchmark
    public void decodeReply(Blackhole bh) {
        bh.consume(Socks4Reply.DECODER.decode(replyBytes.rewind()));
    }

    @Benchmark
    public void encodeRequest(Blackhole bh) {
        encode(request, bh);
    }

    @Benchmark
    public void encodeRequest4a(Blackhole bh) {
        encode(request4a, bh);
    }

    @Benchmark
    public void encodeReply(Blackhole bh) {
        encode(reply, bh);
    }
}
