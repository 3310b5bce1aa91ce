package dev.argyle.cli.run;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether this process can build a namespace run: CAP_NET_ADMIN and CAP_SYS_ADMIN in the initial namespace
 * (veth into the root namespace, nftables, {@code ip netns add}'s mounts) and the {@code ip} and {@code nft}
 * programs. Unprivileged user namespaces are not enough: a veth end and TPROXY rules in the root namespace need
 * the root namespace's CAP_NET_ADMIN.
 */
final class Privileges {
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_SYS_ADMIN = 21;
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private Privileges() {
    }

    /** What is missing for namespace mode, one phrase each; empty when everything is there. */
    static List<String> missingForNamespaces() {
        List<String> missing = new ArrayList<>();
        long caps = effectiveCapabilities();
        if ((caps & (1L << CAP_NET_ADMIN)) == 0) {
            missing.add("CAP_NET_ADMIN (run as root, e.g. with sudo)");
        }
        if ((caps & (1L << CAP_SYS_ADMIN)) == 0) {
            missing.add("CAP_SYS_ADMIN (needed by 'ip netns')");
        }
        for (String tool : List.of("ip", "nft")) {
            if (!onPath(tool)) {
                missing.add("the '" + tool + "' program (Debian: " + (tool.equals("ip") ? "iproute2" : "nftables") + ")");
            }
        }
        return missing;
    }

    /** CapEff from /proc/self/status; 0 when unreadable. */
    static long effectiveCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    static boolean onPath(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(SBIN);
        return dirs.stream().filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
