package dev.argyle.cli.run;

import dev.argyle.client.ProxyChain;
import dev.argyle.protocol.handshake.ProxyUri;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Namespace mode from start to end: sweep what killed runs left, build the namespace, start the resolver and the
 * transparent listener on the host side of the veth, turn on interception, run the program inside with this
 * process's stdin/stdout/stderr, and tear everything down when it ends, also when this process is stopped by
 * SIGTERM, SIGINT or SIGHUP (a shutdown hook stops the program first). After a SIGKILL of this process the next
 * run's sweep removes the leftovers.
 */
public final class NamespaceRun {
    private static final Logger log = LoggerFactory.getLogger(NamespaceRun.class);

    private final List<ProxyUri> chain;
    private final Duration hopTimeout;
    private final boolean dropToSudoUser;

    public NamespaceRun(List<ProxyUri> chain, Duration hopTimeout, boolean dropToSudoUser) {
        this.chain = List.copyOf(chain);
        this.hopTimeout = hopTimeout;
        this.dropToSudoUser = dropToSudoUser;
    }

    /** What is missing for this mode; empty when it can run. */
    public static List<String> missing() {
        return Privileges.missingForNamespaces();
    }

    /** Runs {@code program} and returns its exit status (128+N when a signal N ended it). */
    public int run(List<String> program) throws IOException, InterruptedException {
        StaleSandboxes.sweep();
        SandboxPlan plan = SandboxPlan.forThisProcess();
        Placeholders placeholders = new Placeholders();
        try (NetnsSandbox box = NetnsSandbox.create(plan);
             PlaceholderResolver dns = new PlaceholderResolver(new InetSocketAddress(plan.hostAddress(), 53), placeholders);
             TransparentProxy proxy = new TransparentProxy(new InetSocketAddress(plan.hostAddress(), 0), chain,
                     hopTimeout, placeholders, dns.address(), plan.namespaceAddress());
             UdpInterceptor udp = new UdpInterceptor(new InetSocketAddress(plan.hostAddress(), 0),
                     ProxyChain.of(chain).withConnectTimeout(hopTimeout), placeholders, plan.namespaceAddress())) {
            box.intercept(proxy.address().getPort(), udp.address().getPort());
            log.debug("run: namespace {} ready (resolver {}, listener {})", plan.namespace(), dns.address(), proxy.address());
            ProcessBuilder pb = new ProcessBuilder(box.wrap(asUser(program))).inheritIO();
            // On a stop, the hook removes the namespace before the JVM exits (closing twice is harmless).
            return ForegroundProgram.run(pb, program.get(0), box::close);
        }
    }

    /**
     * The program behind {@code setpriv}: with a parent-death signal, so that a SIGKILL of this JVM (which runs no
     * shutdown hook) also kills the program rather than leaving it in a namespace with no way out; and under
     * sudo, as the invoking user, while the namespace stays root's. Without setpriv, the program as it is.
     */
    private List<String> asUser(List<String> program) {
        if (!Privileges.onPath("setpriv")) {
            return program;
        }
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--pdeathsig", "KILL"));
        Map<String, String> env = System.getenv();
        String uid = env.get("SUDO_UID");
        String gid = env.get("SUDO_GID");
        if (dropToSudoUser && uid != null && gid != null && uid.matches("\\d+") && gid.matches("\\d+")
                && !"0".equals(uid)) {
            cmd.addAll(List.of("--reuid=" + uid, "--regid=" + gid, "--init-groups"));
        }
        cmd.add("--");
        cmd.addAll(program);
        return cmd;
    }
}
