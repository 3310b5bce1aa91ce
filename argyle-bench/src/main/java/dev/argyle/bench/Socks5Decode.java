package dev.argyle.bench;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.v5.AuthMethod;
import dev.argyle.protocol.v5.Socks5Greeting;
import dev.argyle.protocol.v5.Socks5MethodChoice;
import dev.argyle.protocol.v5.Socks5Reply;
import dev.argyle.protocol.v5.Socks5Request;
import dev.argyle.protocol.v5.Socks5UdpHeader;
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

/** Decoding each SOCKS5 message (RFC 1928) from a whole buffer; each buffer is rewound per operation. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class Socks5Decode {
    private ByteBuffer greeting;
    private ByteBuffer methodChoice;
    private ByteBuffer requestIpv4;
    private ByteBuffer requestIpv6;
    private ByteBuffer requestDomain;
    private ByteBuffer replyIpv4;
    private ByteBuffer udpHeaderIpv4;

    @Setup
    public void setUp() {
        greeting = Samples.encoded(Socks5Greeting.of(AuthMethod.NO_AUTH, AuthMethod.USERNAME_PASSWORD));
        methodChoice = Samples.encoded(new Socks5MethodChoice(AuthMethod.NO_AUTH));
        requestIpv4 = Samples.encoded(new Socks5Request(Command.CONNECT, Samples.ipv4()));
        requestIpv6 = Samples.encoded(new Socks5Request(Command.CONNECT, Samples.ipv6()));
        requestDomain = Samples.encoded(new Socks5Request(Command.CONNECT, Samples.domain()));
        replyIpv4 = Samples.encoded(new Socks5Reply(ReplyCode.SUCCEEDED, Samples.ipv4()));
        udpHeaderIpv4 = Samples.encoded(new Socks5UdpHeader(0, Samples.ipv4()));
    }

    @Benchmark
    public void greeting(Blackhole bh) {
        bh.consume(Socks5Greeting.DECODER.decode(greeting.rewind()));
    }

    @Benchmark
    public void methodChoice(Blackhole bh) {
        bh.consume(Socks5MethodChoice.DECODER.decode(methodChoice.rewind()));
    }

    @Benchmark
    public void requestIpv4(Blackhole bh) {
        bh.consume(Socks5Request.DECODER.decode(requestIpv4.rewind()));
    }

    @Benchmark
    public void requestIpv6(Blackhole bh) {
        bh.consume(Socks5Request.DECODER.decode(requestIpv6.rewind()));
    }

    @Benchmark
    public void requestDomain(Blackhole bh) {
        bh.consume(Socks5Request.DECODER.decode(requestDomain.rewind()));
    }

    @Benchmark
    public void replyIpv4(Blackhole bh) {
        bh.consume(Socks5Reply.DECODER.decode(replyIpv4.rewind()));
    }

    @Benchmark
    public void udpHeaderIpv4(Blackhole bh) {
        bh.consume(Socks5UdpHeader.DECODER.decode(udpHeaderIpv4.rewind()));
    }
}
