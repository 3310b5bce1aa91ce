package dev.argyle.cli;

import dev.argyle.cli.run.AgentRun;
import dev.argyle.client.ProxyChain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The choice between namespace and agent mode, and agent mode's start. */
final class RunModes {
    private RunModes() {
    }

    /** A program named {@code java} (any directory), the JVM launcher. */
    static boolean looksLikeJava(String program) {
        Path name = Path.of(program).getFileName();
        return name != null && name.toString().equals("java");
    }

    static int agent(ProxyChain chain, List<String> program) throws IOException, InterruptedException {
        return new AgentRun(chain).run(program);
    }
}
