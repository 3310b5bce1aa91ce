package dev.argyle.cli;

import dev.argyle.server.auth.UsersFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code argyle passwd --users FILE [--groups A,B] NAME}: adds a user to the users file, or changes their password. */
@Command(name = "passwd", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Add a user to a users file, or change their password.",
                "Reads the password twice from the terminal, or one line from standard input if there is no terminal.",
                "Creates FILE (mode 0600) if needed; other users and comments are kept."})
final class PasswdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--users", paramLabel = "FILE", required = true, description = "The users file")
    Path usersFile;

    @Parameters(paramLabel = "NAME", description = "User name (1-255 bytes, no ':')")
    String name;

    @Option(names = "--groups", paramLabel = "GROUPS", split = ",",
            description = {"The user's groups for access rules, comma-separated; replaces their groups (\"\" removes them).",
                    "Without it the user keeps the groups they had."})
    List<String> groups;

    private final PasswordSource passwords;

    PasswdCommand(PasswordSource passwords) {
        this.passwords = passwords;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        char[] password = null;
        try {
            UsersFile.checkName(name); // before asking for a password that could not be stored
            List<String> newGroups = groups == null ? null : groups.stream().map(String::strip).filter(g -> !g.isEmpty()).toList();
            if (newGroups != null) {
                UsersFile.checkGroups(newGroups);
            }
            password = passwords.read(name);
            if (password.length == 0) {
                throw new IllegalArgumentException("empty password refused");
            }
            UsersFile.setPassword(usersFile, name, password, newGroups);
            err.println("user " + name + " set in " + usersFile);
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            err.println("argyle: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("argyle: cannot update " + usersFile + ": " + reason(e));
            return ExitCodes.FAILURE;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            err.flush();
        }
    }

    /** The JDK's file exceptions carry only the path as their message; say what happened instead. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        return e.getMessage();
    }
}
