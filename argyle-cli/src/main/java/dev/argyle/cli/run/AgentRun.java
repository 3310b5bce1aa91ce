package dev.argyle.cli.run;

import dev.argyle.client.ProxyChain;
import dev.argyle.protocol.handshake.ProxyUri;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Agent mode: runs a {@code java} command with the Argyle agent added through {@code JAVA_TOOL_OPTIONS} (so
 * the JVMs it starts get it too), no privileges needed. The agent's jars and the hop list (passwords included)
 * go to a private temporary directory, removed when the program ends.
 */
public final class AgentRun {
    private final ProxyChain chain;

    public AgentRun(ProxyChain chain) {
        this.chain = chain;
    }

    public int run(List<String> program) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("argyle-agent-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path agent = AgentJars.write(dir);
            Path hops = dir.resolve("chain");
            Files.writeString(hops, chain.hops().stream().map(ProxyUri::toUriString).collect(Collectors.joining("\n", "", "\n")),
                    StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(program).inheritIO();
            String existing = pb.environment().getOrDefault("JAVA_TOOL_OPTIONS", "");
            pb.environment().put("JAVA_TOOL_OPTIONS",
                    (existing.isBlank() ? "" : existing + " ") + "-javaagent:" + agent + "=" + hops);
            return ForegroundProgram.run(pb, program.get(0), () -> delete(dir));
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // A temporary directory; the system cleans it eventually.
        }
    }
}
