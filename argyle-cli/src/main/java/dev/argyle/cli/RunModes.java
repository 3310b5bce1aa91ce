package dev.argyle.cli;

import dev.argyle.client.ProxyChain;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The choice between namespace and agent mode, and agent mode itself. */
final class RunModes {
    private RunModes() {
    }

    /** A program named {@code java} (any directory), the JVM launcher. */
    static boolean looksLikeJava(String program) {
        Path name = Path.of(program).getFileName();
        return name != null && name.toString().equals("java");
    }

    static int agent(ProxyChain chain, List<String> program, PrintWriter err) {
        err.println("argyle: run: agent mode is not available in this build");
        err.flush();
        return ExitCodes.USAGE;
    }
}
