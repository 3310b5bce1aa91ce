package dev.argyle.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.HttpTarget;
import dev.argyle.testkit.UdpEchoServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Java programs under {@code argyle run}, with the JDK's three TCP clients (HttpURLConnection, HttpClient, NIO
 * SocketChannel), in agent mode and in namespace mode. The programs ask for a name only the test's hop knows, so
 * a page fetched went through it; with the hop stopped, the same run must fail (no direct path).
 */
class RunJavaIT {
    private HttpTarget target;
    private RecordingHop hop;

    @BeforeEach
    void start() throws Exception {
        target = new HttpTarget(InetAddress.getLoopbackAddress());
        hop = new RecordingHop(Map.of(RunNamespaceIT.NAME, InetAddress.getLoopbackAddress()));
    }

    @AfterEach
    void stop() {
        hop.close();
        target.close();
    }

    private List<String> args(String mode, String client, String path) {
        List<String> a = new ArrayList<>(List.of("--via", hop.uri("socks5h")));
        if (mode.equals("agent")) {
            a.add("--jvm");
        }
        a.addAll(List.of("--", RunHarness.java(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                FetchProgram.class.getName(), client, RunNamespaceIT.NAME, Integer.toString(target.port()), path));
        return a;
    }

    @ParameterizedTest(name = "{0} mode, {1}")
    @CsvSource({"agent,urlconnection", "agent,httpclient", "agent,socketchannel", "agent,noproxy",
            "namespace,urlconnection", "namespace,httpclient", "namespace,socketchannel"})
    void goesThroughTheChainAndFailsWithoutIt(String mode, String client) throws Exception {
        if (mode.equals("namespace")) {
            RunHarness.assumeNamespaces();
        }
        String path = "/" + mode + "-" + client;
        ExternalProgram.Result r = RunHarness.run(args(mode, client, path));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo(HttpTarget.BODY + path);
        assertThat(hop.requestedIncluding(RunNamespaceIT.NAME + ":" + target.port())).contains(RunNamespaceIT.NAME + ":" + target.port());

        hop.stop();
        int before = target.requests();
        ExternalProgram.Result down = RunHarness.run(args(mode, client, path + "-down"));
        assertThat(down.exitCode()).as(down.toString()).isEqualTo(3);
        assertThat(down.stdout()).startsWith("failed: ");
        assertThat(target.requests()).isEqualTo(before);
    }

    @Test
    void namespaceModeCarriesUdpThroughTheAssociation() throws Exception {
        RunHarness.assumeNamespaces();
        try (UdpEchoServer echo = UdpEchoServer.onLoopback()) {
            List<String> a = new ArrayList<>(List.of("--via", hop.uri("socks5h"), "--", RunHarness.java(), "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), FetchProgram.class.getName(), "datagram",
                    RunNamespaceIT.NAME, Integer.toString(echo.port()), "/"));
            ExternalProgram.Result r = RunHarness.run(a);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            // The echo comes back from the placeholder the program sent to, as if the name's host answered.
            assertThat(r.stdout()).matches("datagram through the chain from 198\\.1[89]\\.\\d+\\.\\d+");
            assertThat(echo.count()).isPositive();
        }
    }

    @Test
    void agentModeRefusesUdpLoudly() throws Exception {
        ExternalProgram.Result r = RunHarness.run(args("agent", "datagram", "/"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stdout()).contains("UDP (DatagramSocket) is not carried in agent mode");
    }
}
