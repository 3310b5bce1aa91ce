package dev.argyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    private final CliHarness cli = new CliHarness();

    @Test
    void noArgumentsPrintsUsageAndIsBadUsage() {
        CliHarness.Result r = cli.run();
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Usage: argyle", "serve", "passwd");
        assertThat(r.launched()).isEmpty();
    }

    @Test
    void helpListsTheCommands() {
        CliHarness.Result r = cli.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: argyle", "serve", "passwd", "--version");
    }

    @Test
    void serveHelpListsEveryFlag() {
        CliHarness.Result r = cli.run("serve", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--config", "--listen", "--auth", "--users", "--allow-open", "--handshake-timeout",
                "--connect-timeout", "--idle-timeout", "--resolve-timeout", "--shutdown-grace");
        assertThat(r.launched()).isEmpty();
    }

    @Test
    void versionComesFromTheFilteredResource() {
        CliHarness.Result r = cli.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("argyle ").doesNotContain("${").doesNotContain("unknown");
        assertThat(r.out().lines().findFirst().orElseThrow()).matches("argyle \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void unknownCommandsAndOptionsAreBadUsage() {
        CliHarness.Result command = cli.run("server");
        assertThat(command.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(command.err()).startsWith("argyle: Unmatched argument").contains("Did you mean: argyle serve");

        CliHarness.Result option = cli.run("serve", "--lisen", "127.0.0.1:1");
        assertThat(option.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(option.err()).startsWith("argyle: Unknown options: '--lisen'").contains("Possible solutions: --listen");
        assertThat(option.launched()).isEmpty();
    }
}
