package dev.argyle.server.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a complete configuration (file and flags merged) against the rules that no single key can enforce.
 *
 * <p>The rule that matters most: Argyle is never an open proxy by accident. A listener that anyone on the network
 * can reach, with no password, lets strangers relay traffic through the host (spam, attacks, abuse that is traced
 * back to its owner). So a non-loopback listener with {@code auth: none} is refused unless the operator has said
 * {@code allow-open: true}. The wildcard addresses {@code 0.0.0.0} and {@code [::]} count as non-loopback.
 */
public final class ConfigValidator {
    static final String OPEN_PROXY_FIX =
            "use --auth password --users FILE, or set allow-open: true / --allow-open if you really want an open proxy";

    private ConfigValidator() {
    }

    /** @throws ConfigException listing every problem found, one per line */
    public static void validate(ServerConfig c) throws ConfigException {
        List<String> problems = new ArrayList<>();
        listeners(c, problems);
        ident(c, problems);
        positive(problems, "timeouts.handshake", c.timeouts().handshake());
        positive(problems, "timeouts.connect", c.timeouts().connect());
        positive(problems, "timeouts.resolve", c.timeouts().resolve());
        notNegative(problems, "timeouts.idle", c.timeouts().idle());
        notNegative(problems, "shutdown-grace", c.shutdownGrace());
        throttle(c.authThrottle(), problems);
        c.udp().problems().forEach((key, problem) -> problems.add("udp." + key + ": " + problem));
        admin(c.admin(), problems);
        c.eventLoops().problems().forEach((key, problem) -> problems.add("event-loops." + key + ": " + problem));
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
    }

    private static void listeners(ServerConfig c, List<String> problems) {
        if (c.listeners().isEmpty()) {
            problems.add("listeners: at least one listener is needed");
        }
        Map<InetSocketAddress, Integer> seen = new HashMap<>();
        boolean passwordNeeded = false;
        boolean gssapiNeeded = false;
        for (int i = 0; i < c.listeners().size(); i++) {
            ListenerConfig l = c.listeners().get(i);
            String where = "listeners[" + i + "] (" + HostPort.format(l.address()) + ")";
            Integer first = l.address().getPort() == 0 ? null : seen.putIfAbsent(l.address(), i);
            if (first != null) {
                problems.add(where + ": same address as listeners[" + first + "]");
            }
            if (l.auth() == AuthMode.PASSWORD) {
                passwordNeeded = true;
            } else if (l.auth() == AuthMode.GSSAPI) {
                gssapiNeeded = true;
            } else if (!l.allowOpen() && !isLoopback(l.address())) {
                problems.add(where + ": auth none on an address other machines can reach would make an open proxy; "
                        + OPEN_PROXY_FIX);
            }
        }
        if (passwordNeeded) {
            usersFile(c.usersFile(), problems);
        }
        if (gssapiNeeded) {
            keytab(c.gssapi().keytab(), problems);
        }
    }

    private static void keytab(Path file, List<String> problems) {
        if (file == null) {
            problems.add("gssapi.keytab: a listener uses auth gssapi, so a keytab with the service's keys is needed");
        } else if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add("gssapi.keytab: " + file + " is not a readable file");
        }
    }

    /**
     * The ident timeout must leave room inside the handshake timeout: otherwise the handshake timeout closes the
     * connection before the 0x5c reply that an identd that never answers should get.
     */
    private static void ident(ServerConfig c, List<String> problems) {
        for (int i = 0; i < c.listeners().size(); i++) {
            IdentConfig ident = c.listeners().get(i).ident();
            if (ident.mode() == IdentMode.OFF) {
                continue;
            }
            String key = "listeners[" + i + "].ident-timeout";
            positive(problems, key, ident.timeout());
            if (ident.timeout().compareTo(c.timeouts().handshake()) >= 0) {
                problems.add(key + ": " + DurationParser.format(ident.timeout()) + " must be shorter than timeouts.handshake "
                        + DurationParser.format(c.timeouts().handshake())
                        + ", or a silent identd ends the handshake before the client can be told (0x5c)");
            }
        }
    }

    private static void usersFile(Path file, List<String> problems) {
        if (file == null) {
            problems.add("users-file: a listener uses auth password, so a users file is needed "
                    + "(users-file: FILE or --users FILE; create it with 'argyle passwd --users FILE NAME')");
        } else if (!Files.exists(file)) {
            problems.add("users-file: " + file + " does not exist (create it with 'argyle passwd --users " + file + " NAME')");
        } else if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add("users-file: " + file + " is not a readable file");
        }
    }

    private static void throttle(AuthThrottleConfig t, List<String> problems) {
        notNegative(problems, "auth-throttle.base-delay", t.baseDelay());
        notNegative(problems, "auth-throttle.max-delay", t.maxDelay());
        positive(problems, "auth-throttle.forget-after", t.forgetAfter());
        if (t.maxDelay().compareTo(t.baseDelay()) < 0) {
            problems.add("auth-throttle.max-delay: " + DurationParser.format(t.maxDelay())
                    + " is less than base-delay " + DurationParser.format(t.baseDelay()));
        }
    }

    /**
     * The admin listener can close sessions and shows who uses the proxy: on an address other machines can reach it
     * needs a token, or anyone there could read the sessions list and, worse, guess nothing to close them.
     */
    private static void admin(AdminConfig a, List<String> problems) {
        if (a.enabled() && a.token() == null && !isLoopback(a.listen())) {
            problems.add("admin.listen (" + HostPort.format(a.listen()) + "): an admin listener on an address other "
                    + "machines can reach needs admin.token (a secret of at least " + AdminConfig.MIN_TOKEN_LENGTH
                    + " characters); or listen on 127.0.0.1");
        }
        positive(problems, "admin.request-timeout", a.requestTimeout());
    }

    /** Unresolved addresses count as reachable: only a proven loopback address is safe without a password. */
    private static boolean isLoopback(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        return ip != null && ip.isLoopbackAddress();
    }

    private static void positive(List<String> problems, String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            problems.add(key + ": must be more than 0, got " + DurationParser.format(d));
        }
    }

    private static void notNegative(List<String> problems, String key, Duration d) {
        if (d.isNegative()) {
            problems.add(key + ": must not be negative, got " + DurationParser.format(d));
        }
    }
}
