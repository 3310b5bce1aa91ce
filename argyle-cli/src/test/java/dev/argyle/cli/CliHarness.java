package dev.argyle.cli;

import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.control.ConfigSource;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the {@code argyle} command tree in-process with a recording launcher and a scripted stdin. */
final class CliHarness {
    /** What one run produced. */
    record Result(int exitCode, String out, String err, List<ServerConfig> launched, List<ConfigSource> reloads) {
        ServerConfig config() {
            if (launched.size() != 1) {
                throw new AssertionError("expected one launch, got " + launched.size() + "; stderr: " + err);
            }
            return launched.get(0);
        }
    }

    private int launcherExitCode = ExitCodes.OK;
    private String stdin = "";

    CliHarness launcherReturns(int code) {
        this.launcherExitCode = code;
        return this;
    }

    CliHarness stdin(String text) {
        this.stdin = text;
        return this;
    }

    Result run(String... args) {
        List<ServerConfig> launched = new ArrayList<>();
        List<ConfigSource> reloads = new ArrayList<>();
        ServerLauncher recording = (config, reload, err) -> {
            launched.add(config);
            reloads.add(reload);
            return launcherExitCode;
        };
        PasswordSource passwords = user -> PasswordSource.firstLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        CommandLine cl = Main.commandLine(recording, passwords);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString(), launched, reloads);
    }
}
