package dev.argyle.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where {@code argyle passwd} gets the new password: typed twice at a terminal without echo, or one line from
 * standard input when there is no terminal (scripts: {@code echo "$PW" | argyle passwd --users F NAME}).
 * Passwords stay in {@code char[]} so they can be wiped after use.
 */
interface PasswordSource {
    /**
     * @return the password; the caller wipes it
     * @throws IllegalArgumentException when the input is unusable (the two entries differ, nothing was typed)
     */
    char[] read(String user) throws IOException;

    /** The terminal if there is one, otherwise standard input. */
    static PasswordSource system() {
        Console console = System.console();
        return console != null ? user -> fromConsole(console, user) : user -> firstLine(System.in);
    }

    private static char[] fromConsole(Console console, String user) {
        char[] first = console.readPassword("New password for %s: ", user);
        char[] second = first == null ? null : console.readPassword("Repeat the password: ");
        if (second == null) {
            throw new IllegalArgumentException("no password entered");
        }
        try {
            if (!Arrays.equals(first, second)) {
                Arrays.fill(first, '\0');
                throw new IllegalArgumentException("the two passwords differ");
            }
            return first;
        } finally {
            Arrays.fill(second, '\0');
        }
    }

    /** One line of UTF-8, without its line ending, read without making a String of it. */
    static char[] firstLine(InputStream in) throws IOException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        char[] buf = new char[64];
        int n = 0;
        for (int c = reader.read(); c != -1 && c != '\n'; c = reader.read()) {
            if (n == buf.length) {
                char[] bigger = Arrays.copyOf(buf, n * 2);
                Arrays.fill(buf, '\0');
                buf = bigger;
            }
            buf[n++] = (char) c;
        }
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
        char[] line = Arrays.copyOf(buf, n);
        Arrays.fill(buf, '\0');
        return line;
    }
}
