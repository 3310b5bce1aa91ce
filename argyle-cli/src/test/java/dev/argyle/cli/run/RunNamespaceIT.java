package dev.argyle.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.testkit.Danted;
import dev.argyle.testkit.ExternalProgram;
import dev.argyle.testkit.HttpTarget;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code argyle run} in namespace mode, as a real process, with real programs inside. The programs ask for
 * {@code web.argyle.test}, a name only the test's hop can resolve (to the HTTP target on 127.0.0.1): a program
 * that got the page went through the hop, and its name was never resolved anywhere else.
 */
class RunNamespaceIT {
    static final String NAME = "web.argyle.test";

    private HttpTarget target;
    private RecordingHop hop;

    @BeforeEach
    void start() throws Exception {
        RunHarness.assumeNamespaces();
        target = new HttpTarget(InetAddress.getLoopbackAddress());
        hop = new RecordingHop(Map.of(NAME, InetAddress.getLoopbackAddress()));
    }

    @AfterEach
    void stop() {
        if (hop != null) {
            hop.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private String url(String path) {
        return target.url(NAME, path);
    }

    @Test
    void staticBusyboxWgetGoesThroughTheChainAndFailsWithoutIt() throws Exception {
        String busybox = RunHarness.require("busybox", "busybox-static");
        ExternalProgram.Result r = RunHarness.run(List.of("--via", hop.uri("socks5h"), "--",
                busybox, "wget", "-q", "-O", "-", url("/wget")));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo(HttpTarget.BODY + "/wget");
        assertThat(hop.requestedIncluding(NAME + ":" + target.port())).contains(NAME + ":" + target.port());
        assertThat(hop.resolved()).contains(NAME);

        hop.stop();
        int before = target.requests();
        ExternalProgram.Result down = RunHarness.run(List.of("--via", hop.uri("socks5h"), "--",
                busybox, "wget", "-q", "-O", "-", url("/wget-again")));
        assertThat(down.exitCode()).as(down.toString()).isNotZero();
        assertThat(down.stdout()).doesNotContain(HttpTarget.BODY);
        assertThat(target.requests()).isEqualTo(before);
    }

    @Test
    void digAndCurlResolveOnlyThroughTheChain() throws Exception {
        RunHarness.require("dig", "dnsutils");
        RunHarness.require("curl", "curl");
        ExternalProgram.Result r = RunHarness.run(List.of("--via", hop.uri("socks5h"), "--", "sh", "-c",
                "dig +short +tries=1 +time=3 " + NAME + " A && dig +short +tries=1 +time=3 " + NAME + " AAAA"
                        + " && dig +tcp +short +tries=1 +time=3 " + NAME + " A"
                        + " && curl -sS --max-time 20 " + url("/curl")));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.stdout().lines().toList();
        // A: a placeholder from 198.18.0.0/15; AAAA: nothing (no IPv6 way out); then the page.
        assertThat(lines.get(0)).matches("198\\.1[89]\\.\\d+\\.\\d+");
        assertThat(lines.get(1)).isEqualTo(lines.get(0)); // over TCP: the same placeholder
        assertThat(lines.get(2)).isEqualTo(HttpTarget.BODY + "/curl");
        assertThat(hop.requestedIncluding(NAME + ":" + target.port())).contains(NAME + ":" + target.port());
    }

    @Test
    void twoHopsArgyleThenDante(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Danted.installed(), Danted.NOT_INSTALLED);
        RunHarness.require("dig", "dnsutils");
        try (Danted dante = Danted.start(dir)) {
            // dig asks argyle's resolver (never /etc/hosts) for "localhost" and gets a placeholder; curl connects
            // to it, so the name travels hop 1 (Argyle) -> hop 2 (Dante), which resolves it to the target.
            ExternalProgram.Result r = RunHarness.run(List.of("--via", hop.uri("socks5"), "--via", dante.uri("socks5h"),
                    "--", "sh", "-c", "ip=$(dig +short +tries=1 +time=3 localhost) && curl -sS --max-time 20 --resolve "
                            + "localhost:" + target.port() + ":$ip http://localhost:" + target.port() + "/dante"));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).isEqualTo(HttpTarget.BODY + "/dante");
            assertThat(hop.requestedIncluding("127.0.0.1:" + dante.port())).contains("127.0.0.1:" + dante.port());
        }
    }

    @Test
    void digToAnotherDnsServerGoesThroughTheUdpAssociation() throws Exception {
        RunHarness.require("dig", "dnsutils");
        try (java.net.DatagramSocket server = new java.net.DatagramSocket(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            server.setSoTimeout(30_000);
            // A DNS server on 127.0.0.1 that answers every A query with 192.0.2.7 (RFC 5737 documentation range).
            java.util.concurrent.CompletableFuture<String> asked = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[1500], 1500);
                    server.receive(p);
                    DnsQuery q = DnsQuery.parse(p.getData(), p.getLength());
                    byte[] a = DnsAnswer.of(p.getData(), q, InetAddress.getByName("192.0.2.7"), DnsAnswer.NOERROR);
                    server.send(new java.net.DatagramPacket(a, a.length, p.getSocketAddress()));
                    return q.name();
                } catch (Exception e) {
                    return "failed: " + e;
                }
            });
            // dig resolves the server's name through argyle's resolver (a placeholder), then sends its query to it:
            // as UDP through the chain's association, to the name, which the hop resolves to 127.0.0.1.
            ExternalProgram.Result r = RunHarness.run(List.of("--via", hop.uri("socks5h"), "--", "dig", "+short",
                    "+tries=1", "+time=10", "@" + NAME, "-p", Integer.toString(server.getLocalPort()), "db.example", "A"));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout().strip()).isEqualTo("192.0.2.7");
            assertThat(asked.get(30, TimeUnit.SECONDS)).isEqualTo("db.example");
        }
    }

    @Test
    void theGatewayIsNotADestination() throws Exception {
        RunHarness.require("curl", "curl");
        // Through the chain, the host side of the veth would lead back to argyle run's own listeners.
        ExternalProgram.Result r = RunHarness.run(List.of("--via", hop.uri("socks5h"), "--", "sh", "-c",
                "gw=$(ip route | awk '/^default/ {print $3}'); echo $gw; curl -sS --max-time 10 http://$gw:80/ ; echo curl=$?"));
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines.get(0)).as(r.toString()).startsWith("100.");
        assertThat(lines.get(lines.size() - 1)).isNotEqualTo("curl=0");
        assertThat(r.stderr()).contains("the namespace's gateway is not a destination");
        assertThat(hop.requested()).noneMatch(d -> d.startsWith(lines.get(0)));
    }

    @Test
    void exitStatusStdinStdoutAndStderrPassThrough() throws Exception {
        ExternalProgram.Result r = RunHarness.run(List.of("--via", hop.uri("socks5h"), "--", "sh", "-c",
                        "read line; echo \"got $line\"; echo to-stderr >&2; exit 7"),
                "hello\n".getBytes(StandardCharsets.US_ASCII), Map.of());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.stdout()).isEqualTo("got hello\n");
        assertThat(r.stderr()).contains("to-stderr");
    }

    @Test
    void programKilledWithSigkillLeavesNothingBehind() throws Exception {
        Process p = new ProcessBuilder(RunHarness.command(List.of("--via", hop.uri("socks5h"), "--",
                "sh", "-c", "ip -o link show | grep -c . ; grep '^hosts:' /etc/nsswitch.conf; kill -KILL $$")))
                .redirectErrorStream(true).start();
        long id = p.pid();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(128 + 9);
        // Inside, the program saw two links: lo and its end of the veth pair.
        assertThat(out.lines().findFirst()).contains("2");
        // Names are looked up in files and DNS only (no resolved/mdns over sockets the namespace cannot stop).
        assertThat(out.lines()).contains("hosts: files dns");
        assertThat(RunHarness.leftovers(id)).isEmpty();
    }

    @Test
    void sigtermToArgyleStopsTheProgramAndCleansUp() throws Exception {
        Process p = new ProcessBuilder(RunHarness.command(List.of("--via", hop.uri("socks5h"), "--",
                "sh", "-c", "echo started; exec sleep 60")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long id = p.pid();
        java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("started"); // the program runs inside; now stop argyle
        List<ProcessHandle> program = p.descendants().toList();
        p.toHandle().destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(128 + 15);
        for (ProcessHandle h : program) {
            assertThat(h.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        }
        assertThat(RunHarness.leftovers(id)).isEmpty();
    }

    @Test
    void sigkillOfArgyleKillsTheProgramAndTheNextRunCleansUp() throws Exception {
        Process p = new ProcessBuilder(RunHarness.command(List.of("--via", hop.uri("socks5h"), "--",
                "sh", "-c", "echo started; exec sleep 60")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long id = p.pid();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("started");
            List<ProcessHandle> program = p.descendants().toList();
            assertThat(program).isNotEmpty();
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle h : program) { // the parent-death signal
                assertThat(h.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
            }
            assertThat(RunHarness.leftovers(id)).isNotEmpty();
            ExternalProgram.Result next = RunHarness.run(List.of("--via", hop.uri("socks5h"), "--", "true"));
            assertThat(next.exitCode()).as(next.toString()).isZero();
            assertThat(RunHarness.leftovers(id)).isEmpty();
        } finally {
            NetnsSandbox.teardown(new SandboxPlan(id));
        }
    }

    @Test
    void aKilledRunsLeftoversAreRemovedByTheNextRun() throws Exception {
        // A process id that is certainly dead: a finished child of ours.
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        SandboxPlan stale = new SandboxPlan(gone.pid());
        try (NetnsSandbox box = NetnsSandbox.create(stale)) {
            box.intercept(1, 2);
            assertThat(RunHarness.leftovers(stale.id())).hasSize(6);
            ExternalProgram.Result r = RunHarness.run(List.of("--via", hop.uri("socks5h"), "--", "true"));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(RunHarness.leftovers(stale.id())).isEmpty();
        }
    }
}
