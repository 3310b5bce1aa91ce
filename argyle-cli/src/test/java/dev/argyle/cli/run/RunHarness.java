package dev.argyle.cli.run;

import dev.argyle.testkit.ExternalProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Starts the packaged {@code argyle.jar run ...} as a real process, as a user would. */
final class RunHarness {
    private RunHarness() {
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static Path jar() {
        return Path.of(System.getProperty("argyle.jar", "target/argyle.jar"));
    }

    /** Skips the calling test unless this process may build namespaces (CI runs as root). */
    static void assumeNamespaces() {
        List<String> missing = NamespaceRun.missing();
        Assumptions.assumeTrue(missing.isEmpty(), "namespace mode needs root; missing here: " + missing);
    }

    static String require(String program, String debianPackage) {
        return ExternalProgram.require(program, debianPackage);
    }

    /** {@code java -jar argyle.jar run ARGS...}, e.g. {@code List.of("--via", uri, "--", "wget", ...)}. */
    static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx128m", "-XX:+UseSerialGC", "-jar", jar().toString(), "run"));
        cmd.addAll(args);
        return cmd;
    }

    static ExternalProgram.Result run(List<String> args) throws IOException, InterruptedException {
        return ExternalProgram.run(Duration.ofSeconds(90), command(args), new byte[0], Map.of());
    }

    static ExternalProgram.Result run(List<String> args, byte[] stdin, Map<String, String> env)
            throws IOException, InterruptedException {
        return ExternalProgram.run(Duration.ofSeconds(90), command(args), stdin, env);
    }

    /** Every trace of run {@code id} still in the system: namespaces, tables, rules, links, resolver files. */
    static List<String> leftovers(long id) throws IOException {
        SandboxPlan plan = new SandboxPlan(id);
        List<String> found = new ArrayList<>();
        if (SystemCommand.run("ip", "netns", "list").contains(plan.namespace() + " ")
                || SystemCommand.run("ip", "netns", "list").lines().anyMatch(l -> l.split(" ")[0].equals(plan.namespace()))) {
            found.add("namespace " + plan.namespace());
        }
        if (SystemCommand.run("nft", "list", "tables").lines().anyMatch(l -> l.endsWith(" " + plan.table()))) {
            found.add("nft table " + plan.table());
        }
        if (SystemCommand.run("ip", "rule", "list").contains("lookup " + plan.routingTable())) {
            found.add("ip rule for table " + plan.routingTable());
        }
        if (!SystemCommand.run("ip", "route", "show", "table", "all").lines()
                .filter(l -> l.contains("table " + plan.routingTable())).toList().isEmpty()) {
            found.add("routes in table " + plan.routingTable());
        }
        if (SystemCommand.run("ip", "-o", "link", "show").contains(plan.hostInterface())) {
            found.add("link " + plan.hostInterface());
        }
        if (Files.exists(NetnsSandbox.NETNS_ETC.resolve(plan.namespace()))) {
            found.add("dir " + NetnsSandbox.NETNS_ETC.resolve(plan.namespace()));
        }
        return found;
    }
}
