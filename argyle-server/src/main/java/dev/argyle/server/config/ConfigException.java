package dev.argyle.server.config;

/**
 * A configuration the server cannot run with. The message is written for the person who edits the file: it names
 * the file, line and column (when the problem is in a file), the key path such as {@code listeners[0].auth}, and
 * what was expected, so the command line can print it as it is.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem at a place in a file: {@code "argyle.yaml, line 3, column 11: listeners[0].auth: expected ..."}. */
    static ConfigException at(String source, int line, int column, String keyPath, String problem) {
        StringBuilder sb = new StringBuilder(source).append(", line ").append(line).append(", column ").append(column).append(": ");
        if (keyPath != null && !keyPath.isEmpty()) {
            sb.append(keyPath).append(": ");
        }
        return new ConfigException(sb.append(problem).toString());
    }
}
