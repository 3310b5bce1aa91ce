package dev.argyle.bench;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.DecodeResult;
import dev.argyle.protocol.v5.Socks5Request;
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

/**
 * A SOCKS5 IPv4 request arriving one byte per read: the decoder is called with 1, 2, ... 10 bytes readable
 * (as a server's accumulating buffer would see it) until it yields the message. Compare with
 * {@code Socks5Decode.requestIpv4}, the whole message in one read.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ByteAtATime {
    private ByteBuffer request;
    private int length;

    @Setup
    public void setUp() {
        request = Samples.encoded(new Socks5Request(Command.CONNECT, Samples.ipv4()));
        length = request.remaining();
    }

    @Benchmark
    public void socks5RequestIpv4(Blackhole bh) {
        request.rewind();
        for (int readable = 1; readable <= length; readable++) {
            request.limit(readable);
            DecodeResult<Socks5Request> result = Socks5Request.DECODER.decode(request);
            bh.consume(result);
        }
    }
}
