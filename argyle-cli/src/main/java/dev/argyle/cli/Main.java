package dev.argyle.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Entry point of {@code argyle.jar}: builds the command tree and turns the outcome into an exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        NettyDefaults.apply(); // first: Netty reads them when its buffer classes load
        System.exit(commandLine(new ServerRunner(), PasswordSource.system()).execute(args));
    }

    /** The command tree, with the parts that touch the outside world passed in so tests can replace them. */
    static CommandLine commandLine(ServerLauncher launcher, PasswordSource passwords) {
        CommandLine cl = new CommandLine(new ArgyleCommand());
        cl.addSubcommand("serve", new ServeCommand(launcher));
        cl.addSubcommand("passwd", new PasswdCommand(passwords));
        cl.addSubcommand("connect", new ConnectTool());
        cl.addSubcommand("forward", new ForwardTool());
        cl.addSubcommand("reload", new ReloadCommand());
        cl.addSubcommand("run", new RunTool());
        cl.getSubcommands().get("run").setStopAtPositional(true); // PROGRAM's own options are not ours
        cl.addSubcommand("status", new StatusCommand());
        cl.setParameterExceptionHandler(Main::badUsage);
        cl.setExecutionExceptionHandler((e, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            err.println("argyle: unexpected error: " + e);
            e.printStackTrace(err);
            err.flush();
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    /** "argyle: <what is wrong>" and a pointer to help, rather than picocli's default of the whole usage text. */
    private static int badUsage(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("argyle: " + e.getMessage());
        if (!UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return ExitCodes.USAGE;
    }
}
