package dev.argyle.server.clients;

import static dev.argyle.server.clients.ClientSupport.PROXY_ONLY_NAME;
import static dev.argyle.server.clients.ClientSupport.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.RunningServer;
import dev.argyle.server.config.ConfigLoader;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.HttpTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out as documented in docs/scaling.md: HAProxy in TCP mode on loopback in front of two Argyle instances
 * whose listeners require the PROXY protocol v2 header from it. Real clients (curl, PySocks) connect to HAProxy
 * from chosen loopback source addresses; the instances must see those clients, not HAProxy, in their sessions and
 * client rules, and when one instance stops the other takes the new sessions.
 */
class HaproxyBalancerTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Argyle trusts only HAProxy's address; 127.0.0.3 is a client the rules turn away. */
    private static final String ARGYLE_CONFIG = """
            listeners:
              - listen: 127.0.0.1:0
                proxy-protocol-from: [127.0.0.1]
            rules:
              clients:
                - name: blocked-host
                  action: block
                  from: [127.0.0.3]
                - action: pass
              requests:
                - name: lan
                  action: pass
                  from: [127.0.0.0/8]
            """;
    /** GET through SOCKS5 with remote resolution from a chosen source address; prints the body. argv: source, proxy port, host, port. */
    private static final String PYSOCKS = """
            import sys, socks
            source, proxy_port, host, port = sys.argv[1:5]
            s = socks.socksocket()
            s.set_proxy(socks.SOCKS5, "127.0.0.1", int(proxy_port), rdns=True)
            s.settimeout(20)
            s.bind((source, 0))
            s.connect((host, int(port)))
            s.sendall(("GET /pysocks HTTP/1.0\\r\\nHost: " + host + "\\r\\n\\r\\n").encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            s.close()
            sys.stdout.write(data.decode().split("\\r\\n\\r\\n", 1)[1])
            """;

    @TempDir
    Path dir;
    private HttpTarget target;
    private RunningServer first;
    private RunningServer second;
    private HaproxyProcess haproxy;
    private int frontendPort;
    private String curl;

    @BeforeEach
    void start() throws Exception {
        curl = ExternalProgram.require("curl", "curl");
        target = new HttpTarget(InetAddress.getLoopbackAddress());
        ServerConfig config = ConfigLoader.parse(ARGYLE_CONFIG, "argyle.yaml");
        first = RunningServer.start(config, ClientSupport.proxyOnlyNames());
        second = RunningServer.start(config, ClientSupport.proxyOnlyNames());
        haproxy = HaproxyProcess.inFrontOf(dir, first.port(), second.port());
        frontendPort = haproxy.frontend().getPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        first.close();
        second.close();
        target.close();
    }

    @Test
    void curlThroughHaproxyIsSeenAsTheRealClientOnBothInstances() throws Exception {
        for (int i = 0; i < 4; i++) { // round robin: two sessions on each instance
            ExternalProgram.Result r = curl("127.0.0.2", "/curl" + i);
            assertThat(r.exitCode()).as("curl through haproxy: %s\nhaproxy: %s", r, haproxy.output()).isZero();
            assertThat(r.stdout()).isEqualTo(HttpTarget.BODY + "/curl" + i);
        }
        List<Session> sessions = new ArrayList<>();
        List<Session> withoutRequest = new ArrayList<>();
        for (RunningServer instance : List.of(first, second)) {
            List<Session> all = sessionsOf(instance);
            List<Session> requests = all.stream().filter(s -> s.requested() != null).toList();
            assertThat(requests).as("sessions on one instance").hasSize(2);
            sessions.addAll(requests);
            withoutRequest.addAll(all.stream().filter(s -> s.requested() == null).toList());
        }
        // Only the readiness probe: HAProxy's health checks (a LOCAL header, then a close) leave no session.
        assertThat(withoutRequest).hasSizeLessThanOrEqualTo(1);
        for (Session s : sessions) {
            assertThat(s.client().getAddress().getHostAddress()).as("client of %s", describe(s)).isEqualTo("127.0.0.2");
            assertThat(s.requested().host()).isEqualTo(PROXY_ONLY_NAME);
            assertThat(s.rule()).isEqualTo("lan");
            assertThat(s.reply()).isEqualTo("0x00");
        }
        assertThat(first.server().proxyHeaderCounters().acceptedTotal()).isGreaterThanOrEqualTo(2); // and the probe
    }

    @Test
    void clientRuleKeyedOnTheRealClientPassesOneHostAndBlocksAnother() throws Exception {
        ExternalProgram.Result passed = curl("127.0.0.2", "/passed");
        assertThat(passed.exitCode()).as("curl from 127.0.0.2: %s", passed).isZero();

        ExternalProgram.Result blocked = curl("127.0.0.3", "/blocked");
        assertThat(blocked.exitCode()).as("curl from 127.0.0.3: %s", blocked).isNotZero();
        assertThat(target.requests()).isEqualTo(1);

        List<Session> sessions = new ArrayList<>();
        for (RunningServer instance : List.of(first, second)) {
            sessions.addAll(sessionsOf(instance).stream().filter(s -> !s.client().getAddress().getHostAddress().equals("127.0.0.1")).toList()); // not the probe
        }
        assertThat(sessions).hasSize(2);
        Session fromBlocked = sessions.stream()
                .filter(s -> s.client().getAddress().getHostAddress().equals("127.0.0.3")).findFirst().orElseThrow();
        assertThat(fromBlocked.rule()).isEqualTo("blocked-host");
        assertThat(fromBlocked.reply()).isEqualTo("-");
        assertThat(sessions).anySatisfy(s -> {
            assertThat(s.client().getAddress().getHostAddress()).isEqualTo("127.0.0.2");
            assertThat(s.reply()).isEqualTo("0x00");
        });
    }

    @Test
    void pySocksThroughHaproxyIsSeenAsTheRealClient() throws Exception {
        ExternalProgram.Result probe = ExternalProgram.run(ClientSupport.DEADLINE, List.of(PYTHON, "-c", "import socks"));
        assertThat(probe.exitCode()).as("PySocks is not importable from %s: apt-get install python3-socks; %s",
                PYTHON, probe).isZero();
        for (String source : List.of("127.0.0.2", "127.0.0.4")) {
            ExternalProgram.Result r = ClientSupport.run(List.of(PYTHON, "-c", PYSOCKS, source,
                    String.valueOf(frontendPort), PROXY_ONLY_NAME, String.valueOf(target.port())));
            assertThat(r.exitCode()).as("PySocks from %s: %s", source, r).isZero();
            assertThat(r.stdout()).isEqualTo(HttpTarget.BODY + "/pysocks");
        }
        List<String> clients = new ArrayList<>();
        for (RunningServer instance : List.of(first, second)) {
            List<Session> requests = requests(instance);
            assertThat(requests).as("round robin").hasSize(1);
            clients.add(requests.get(0).client().getAddress().getHostAddress());
        }
        assertThat(clients).containsExactlyInAnyOrder("127.0.0.2", "127.0.0.4");
    }

    @Test
    void whenOneInstanceStopsNewSessionsGoToTheOther() throws Exception {
        assertThat(curl("127.0.0.2", "/before").exitCode()).isZero();
        first.close();
        for (int i = 0; i < 6; i++) { // refused connects to the stopped one are redispatched; checks then mark it down
            ExternalProgram.Result r = curl("127.0.0.2", "/after" + i);
            assertThat(r.exitCode()).as("curl %d after one instance stopped: %s\nhaproxy: %s", i, r, haproxy.output())
                    .isZero();
        }
        assertThat(requests(second)).hasSizeGreaterThanOrEqualTo(6);
        assertThat(target.requests()).isEqualTo(7);
    }

    /**
     * Every session the instance has opened, once each has ended. Besides the clients' sessions there are those of
     * the test's readiness probe, which HAProxy passed on with a PROXY header and then closed.
     */
    private static List<Session> sessionsOf(RunningServer instance) throws InterruptedException {
        List<Session> out = new ArrayList<>();
        int opened = instance.sessions().openedCount();
        for (int i = 0; i < opened; i++) {
            out.add(instance.sessions().next(WAIT));
        }
        return out;
    }

    /** The sessions that made a SOCKS request. */
    private static List<Session> requests(RunningServer instance) throws InterruptedException {
        return sessionsOf(instance).stream().filter(s -> s.requested() != null).toList();
    }

    private ExternalProgram.Result curl(String source, String path) throws IOException, InterruptedException {
        return ClientSupport.run(List.of(curl, "-sS", "--max-time", "20", "--noproxy", "",
                "--interface", source, "--socks5-hostname", "127.0.0.1:" + frontendPort,
                target.url(PROXY_ONLY_NAME, path)));
    }
}
