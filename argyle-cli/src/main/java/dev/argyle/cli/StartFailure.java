package dev.argyle.cli;

import dev.argyle.server.config.HostPort;
import dev.argyle.server.config.ListenerConfig;
import dev.argyle.server.config.ServerConfig;
import java.net.BindException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns an exception from starting the server into one line for a person: {@code cannot listen on
 * 127.0.0.1:1080: Address already in use}, not a stack trace. Netty's native transport words bind errors as
 * {@code bind(..) failed with error(-98): Address already in use}, the JDK's as a bare {@link BindException}: the
 * system-call prefix is dropped, and the address is added when the exception does not say it.
 */
final class StartFailure {
    private StartFailure() {
    }

    private static final Pattern SYSCALL = Pattern.compile("bind\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ");

    static String describe(Exception e, ServerConfig config) {
        String original = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        String message = SYSCALL.matcher(original).replaceFirst("");
        if (message.startsWith("cannot listen")) {
            return message;
        }
        if (!isBindFailure(e, original)) {
            return "cannot start: " + message;
        }
        String reason = message;
        String where = config.listeners().stream().map(ListenerConfig::address).map(HostPort::format)
                .collect(Collectors.joining(", "));
        return "cannot listen on " + (config.listeners().size() == 1 ? "" : "one of ") + where + ": " + reason;
    }

    private static boolean isBindFailure(Exception e, String message) {
        return e instanceof BindException || e.getCause() instanceof BindException
                || message.contains("bind(") || message.contains("Address already in use")
                || message.contains("Cannot assign requested address");
    }
}
