package dev.argyle.cli.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's network namespace and what connects it to this process (see docs/run.md for the picture):
 * <ol>
 *   <li>{@link #create}: the namespace, the veth pair with a /30, a default route to the host side, and the
 *       namespace's own resolv.conf (which {@code ip netns exec} bind-mounts over /etc/resolv.conf);</li>
 *   <li>{@link #intercept}: in the root namespace, an nftables table that TPROXYs every TCP and UDP packet arriving
 *       from the host side of the veth to our listeners (except DNS to our resolver) and drops the rest, plus a
 *       policy-routing rule that makes marked packets local (TPROXY only delivers to a local route);</li>
 *   <li>{@link #close}: removes all of it; safe to call more than once and after a partial create.</li>
 * </ol>
 * Nothing is forwarded: the root namespace never routes the program's packets anywhere, even with ip_forward on.
 */
final class NetnsSandbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetnsSandbox.class);
    static final Path NETNS_ETC = Path.of("/etc/netns");

    private final SandboxPlan plan;
    private boolean closed;

    private NetnsSandbox(SandboxPlan plan) {
        this.plan = plan;
    }

    SandboxPlan plan() {
        return plan;
    }

    /** Creates the namespace and the veth pair; on failure removes what was made and rethrows. */
    static NetnsSandbox create(SandboxPlan plan) throws IOException {
        NetnsSandbox box = new NetnsSandbox(plan);
        String ns = plan.namespace();
        String host = plan.hostInterface();
        String inner = plan.namespaceInterface();
        try {
            SystemCommand.run("ip", "netns", "add", ns);
            SystemCommand.run("ip", "link", "add", host, "type", "veth", "peer", "name", inner, "netns", ns);
            SystemCommand.run("ip", "addr", "add", plan.hostAddress().getHostAddress() + "/30", "dev", host);
            SystemCommand.run("ip", "link", "set", host, "up");
            SystemCommand.run("ip", "-n", ns, "link", "set", "lo", "up");
            SystemCommand.run("ip", "-n", ns, "addr", "add", plan.namespaceAddress().getHostAddress() + "/30", "dev", inner);
            SystemCommand.run("ip", "-n", ns, "link", "set", inner, "up");
            SystemCommand.run("ip", "-n", ns, "route", "add", "default", "via", plan.hostAddress().getHostAddress());
            Path etc = NETNS_ETC.resolve(ns);
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("resolv.conf"), "# written by argyle run; removed when the run ends\n"
                    + "nameserver " + plan.hostAddress().getHostAddress() + "\noptions attempts:2 timeout:2\n",
                    StandardCharsets.US_ASCII);
            writeNsswitch(etc);
        } catch (IOException | RuntimeException e) {
            box.close();
            throw e;
        }
        return box;
    }

    /**
     * The host's nsswitch.conf with its {@code hosts:} line replaced by {@code files dns}, bind-mounted like
     * resolv.conf: services such as {@code resolve} (systemd-resolved) or {@code mdns} answer over a Unix socket
     * or multicast, which a network namespace does not stop, and would resolve names on the host.
     */
    private static void writeNsswitch(Path etc) throws IOException {
        Path host = Path.of("/etc/nsswitch.conf");
        if (!Files.isRegularFile(host)) {
            return;
        }
        StringBuilder out = new StringBuilder("# written by argyle run: names are resolved by files and dns only\n");
        for (String line : Files.readAllLines(host, StandardCharsets.UTF_8)) {
            out.append(line.stripLeading().startsWith("hosts:") ? "hosts: files dns" : line).append('\n');
        }
        Files.writeString(etc.resolve("nsswitch.conf"), out, StandardCharsets.UTF_8);
    }

    /**
     * Sends the program's TCP to {@code tproxyPort} on the host address (our transparent listener, which must
     * already listen with IP_TRANSPARENT), lets UDP to port 53 of the host address through to the resolver, sends
     * all other UDP to {@code udpPort} (the transparent datagram socket), and drops the rest, IPv6 included.
     */
    void intercept(int tproxyPort, int udpPort) throws IOException {
        String hostIf = plan.hostInterface();
        String hostIp = plan.hostAddress().getHostAddress();
        String rules = "table inet " + plan.table() + " {\n"
                + "  chain prerouting {\n"
                + "    type filter hook prerouting priority mangle; policy accept;\n"
                + "    iifname \"" + hostIf + "\" meta l4proto tcp tproxy ip to " + hostIp + ":" + tproxyPort
                + " meta mark set " + plan.markText() + " accept\n"
                + "    iifname \"" + hostIf + "\" ip daddr " + hostIp + " udp dport 53 accept\n"
                + "    iifname \"" + hostIf + "\" meta l4proto udp tproxy ip to " + hostIp + ":" + udpPort
                + " meta mark set " + plan.markText() + " accept\n"
                + "    iifname \"" + hostIf + "\" drop\n"
                + "  }\n"
                + "}\n";
        SystemCommand.runWithInput(rules, "nft", "-f", "-");
        SystemCommand.run("ip", "rule", "add", "fwmark", plan.markText(), "lookup", plan.routingTable());
        SystemCommand.run("ip", "route", "add", "local", "0.0.0.0/0", "dev", "lo", "table", plan.routingTable());
    }

    /** The command line that runs {@code program} inside the namespace. */
    List<String> wrap(List<String> program) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", plan.namespace()));
        cmd.addAll(program);
        return cmd;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> failed = teardown(plan);
        if (!failed.isEmpty()) {
            log.debug("teardown of {}: {}", plan.namespace(), failed);
        }
    }

    /**
     * Removes everything {@code plan} names, whatever exists of it; returns the steps that failed (usually
     * because that part was never made or is gone already).
     */
    static List<String> teardown(SandboxPlan plan) {
        List<String> failed = new ArrayList<>(SystemCommand.runAll(List.of(
                List.of("nft", "delete", "table", "inet", plan.table()),
                List.of("ip", "rule", "del", "fwmark", plan.markText(), "lookup", plan.routingTable()),
                List.of("ip", "route", "flush", "table", plan.routingTable()),
                // Deleting the namespace destroys the veth end in it, and with it the pair.
                List.of("ip", "netns", "del", plan.namespace()))));
        failed.addAll(SystemCommand.runAll(List.of(List.of("ip", "link", "del", plan.hostInterface()))));
        Path etc = NETNS_ETC.resolve(plan.namespace());
        if (Files.isDirectory(etc)) {
            try (Stream<Path> files = Files.walk(etc)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                failed.add("remove " + etc + ": " + e.getMessage());
            }
        }
        return failed;
    }
}
