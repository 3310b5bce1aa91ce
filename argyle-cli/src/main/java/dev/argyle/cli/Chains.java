package dev.argyle.cli;

import dev.argyle.client.ProxyChain;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Turns repeated {@code --via URI} options into a chain, with bad URIs reported as bad usage (exit 2). */
final class Chains {
    private Chains() {
    }

    static ProxyChain of(CommandSpec spec, List<String> vias) {
        if (vias == null || vias.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "at least one --via URI is needed, e.g. --via socks5h://127.0.0.1:1080");
        }
        try {
            return ProxyChain.of(vias.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
