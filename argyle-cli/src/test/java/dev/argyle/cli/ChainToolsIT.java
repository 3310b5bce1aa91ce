package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.UdpEchoServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code argyle connect} and {@code argyle forward} as programs, through two real Argyle servers (also
 * programs): each test shows the bytes went through both hops (their access logs) and came back intact.
 */
class ChainToolsIT {
    private static ServerProcess hop1;
    private static ServerProcess hop2;
    private static int port1;
    private static int port2;

    @BeforeAll
    static void startHops() throws Exception {
        port1 = ServerProcess.freePort();
        port2 = ServerProcess.freePort();
        hop1 = ServerProcess.start("serve", "--listen", "127.0.0.1:" + port1);
        hop2 = ServerProcess.start("serve", "--listen", "127.0.0.1:" + port2);
        hop1.awaitLine("listening on", Duration.ofSeconds(30));
        hop2.awaitLine("listening on", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopHops() throws Exception {
        hop1.close();
        hop2.close();
    }

    private static List<String> vias() {
        return List.of("--via", "socks5://127.0.0.1:" + port1, "--via", "socks5h://127.0.0.1:" + port2);
    }

    @Test
    void connectRelaysStdinAndHalfClosesAtEof() throws Exception {
        try (EchoServer echo = EchoServer.onLoopback()) {
            byte[] input = "through two hops and back\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            List<String> cmd = new java.util.ArrayList<>(List.of(ServerProcess.java(), "-jar",
                    ServerProcess.jar().toString(), "connect"));
            cmd.addAll(vias());
            cmd.addAll(List.of("localhost", Integer.toString(echo.port())));
            ExternalProgram.Result r = ExternalProgram.run(Duration.ofSeconds(30), cmd, input, Map.of());
            // The echo server answers everything, then closes after our EOF: connect printed all of it and ended.
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdoutBytes()).isEqualTo(input);
            assertThat(hop2.awaitLine("dst=localhost:" + echo.port(), Duration.ofSeconds(10))).contains("reply=0x00");
        }
    }

    @Test
    void connectReportsTheFailingHop() throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(ServerProcess.java(), "-jar",
                ServerProcess.jar().toString(), "connect"));
        cmd.addAll(vias());
        cmd.addAll(List.of("127.0.0.1", "1"));
        ExternalProgram.Result r = ExternalProgram.run(Duration.ofSeconds(30), cmd, new byte[0], Map.of());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("hop 2 of 2").contains("connection refused");
    }

    @Test
    void forwardTcpWithHalfClose() throws Exception {
        int local = ServerProcess.freePort();
        try (EchoServer echo = EchoServer.onLoopback();
             ServerProcess forward = startForward(false, local, "127.0.0.1:" + echo.port())) {
            forward.awaitLine("forwarding tcp", Duration.ofSeconds(30));
            for (int i = 0; i < 3; i++) {
                try (Socket s = new Socket("127.0.0.1", local)) {
                    s.setSoTimeout(10_000);
                    byte[] data = ("forwarded " + i).getBytes(StandardCharsets.US_ASCII);
                    s.getOutputStream().write(data);
                    s.shutdownOutput();
                    assertThat(s.getInputStream().readAllBytes()).isEqualTo(data);
                }
            }
            assertThat(echo.accepted()).isEqualTo(3);
        }
    }

    @Test
    void forwardUdp() throws Exception {
        int local = ServerProcess.freePort();
        try (UdpEchoServer echo = UdpEchoServer.onLoopback();
             ServerProcess forward = startForward(true, local, "127.0.0.1:" + echo.port());
             DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            forward.awaitLine("forwarding udp", Duration.ofSeconds(30));
            client.setSoTimeout(10_000);
            byte[] data = "a datagram through two hops".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(data, data.length, new InetSocketAddress("127.0.0.1", local)));
            DatagramPacket back = new DatagramPacket(new byte[1024], 1024);
            client.receive(back);
            assertThat(new String(back.getData(), 0, back.getLength(), StandardCharsets.US_ASCII))
                    .isEqualTo("a datagram through two hops");
        }
    }

    private static ServerProcess startForward(boolean udp, int local, String target) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("forward"));
        args.addAll(vias());
        if (udp) {
            args.add("--udp");
        }
        args.addAll(List.of("127.0.0.1:" + local, target));
        return ServerProcess.start(args.toArray(String[]::new));
    }
}
