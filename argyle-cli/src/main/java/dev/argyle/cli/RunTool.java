package dev.argyle.cli;

import dev.argyle.cli.run.NamespaceRun;
import dev.argyle.client.ProxyChain;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code argyle run}: runs a program whose network traffic goes through a chain (docs/run.md). Namespace mode
 * when privileged; agent mode for Java programs ({@code --jvm}, or a program named {@code java} without the
 * privileges); otherwise a clear refusal with exit 2.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run PROGRAM with its TCP, UDP and DNS going through a chain of SOCKS proxies (docs/run.md).",
                "Example: sudo argyle run --via socks5h://proxy:1080 -- curl https://example.org/"})
final class RunTool implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--via", paramLabel = "URI", required = true,
            description = "A hop: socks4://, socks4a://, socks5:// or socks5h://[user:password@]host[:port]; repeat in order")
    List<String> vias;

    @Option(names = "--jvm", description = "Agent mode: PROGRAM is a java command; no privileges needed (docs/run.md)")
    boolean jvm;

    @Option(names = "--hop-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Converters.DurationConverter.class,
            description = "Bound on each hop's connect and handshake (default: ${DEFAULT-VALUE})")
    Duration hopTimeout;

    @Option(names = "--keep-root", description = "Under sudo, run PROGRAM as root rather than as the invoking user")
    boolean keepRoot;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "PROGRAM", description = "The program and its arguments (after --)")
    List<String> program;

    @Override
    public Integer call() {
        ProxyChain chain = Chains.of(spec, vias);
        PrintWriter err = spec.commandLine().getErr();
        boolean isJava = RunModes.looksLikeJava(program.get(0));
        List<String> missing = NamespaceRun.missing();
        try {
            if (jvm || (isJava && !missing.isEmpty())) {
                return RunModes.agent(chain, program);
            }
            if (!missing.isEmpty()) {
                err.println("argyle: run: cannot build a network namespace here; missing: " + String.join(", ", missing) + ".");
                err.println("argyle: run: alternatives: run it as root (sudo argyle run ...); for a Java program use --jvm "
                        + "(agent mode, no privileges); or point the program at a local forward (argyle forward).");
                err.flush();
                return ExitCodes.USAGE;
            }
            return new NamespaceRun(chain.hops(), hopTimeout, !keepRoot).run(program);
        } catch (IOException e) {
            err.println("argyle: run: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILURE;
        }
    }
}
