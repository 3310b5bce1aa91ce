package dev.argyle.bench;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.WireMessage;
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

/** Encoding each SOCKS5 message (RFC 1928) into one reused buffer, cleared per operation. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class Socks5Encode {
    private final ByteBuffer out = Samples.scratch();
    private WireMessage greeting;
    private WireMessage methodChoice;
    private WireMessage requestIpv4;
    private WireMessage requestIpv6;
    private WireMessage requestDomain;
    private WireMessage replyIpv4;
    private WireMessage udpHeaderIpv4;

    @Setup
    public void setUp() {
        greeting = Socks5Greeting.of(AuthMethod.NO_AUTH, AuthMethod.USERNAME_PASSWORD);
        methodChoice = new Socks5MethodChoice(AuthMethod.NO_AUTH);
        requestIpv4 = new Socks5Request(Command.CONNECT, Samples.ipv4());
        requestIpv6 = new Socks5Request(Command.CONNECT, Samples.ipv6());
        requestDomain = new Socks5Request(Command.CONNECT, Samples.domain());
        replyIpv4 = new Socks5Reply(ReplyCode.SUCCEEDED, Samples.ipv4());
        udpHeaderIpv4 = new Socks5UdpHeader(0, Samples.ipv4());
    }

    private void encode(WireMessage message, Blackhole bh) {
        out.clear();
        message.encodeTo(out);
        bh.consume(out.position());
    }

    @Benchmark
    public void greeting(Blackhole bh) {
        encode(greeting, bh);
    }

    @Benchmark
    public void methodChoice(Blackhole bh) {
        encode(methodChoice, bh);
    }

    @Benchmark
    public void requestIpv4(Blackhole bh) {
        encode(requestIpv4, bh);
    }

    @Benchmark
    public void requestIpv6(Blackhole bh) {
        encode(requestIpv6, bh);
    }

    @Benchmark
    public void requestDomain(Blackhole bh) {
        encode(requestDomain, bh);
    }

    @Benchmark
    public void replyIpv4(Blackhole bh) {
        encode(replyIpv4, bh);
    }

    @Benchmark
    public void udpHeaderIpv4(Blackhole bh) {
        encode(udpHeaderIpv4, bh);
    }
}
