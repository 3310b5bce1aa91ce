package dev.argyle.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top of the command tree. On its own (no subcommand) it prints usage and fails as bad usage. */
@Command(name = "argyle",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A SOCKS4, SOCKS4a and SOCKS5 proxy server, and tools to go through chains of them.",
        footer = {"", "Start with: argyle serve    (127.0.0.1:1080, no auth)",
                "Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad configuration."})
final class ArgyleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
