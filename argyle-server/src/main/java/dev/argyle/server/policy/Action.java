package dev.argyle.server.policy;

import java.util.Locale;

/** What a matching rule does with the connection or request. */
public enum Action {
    PASS, BLOCK;

    /** "pass" or "block", as written in the config file. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but pass or block (any case) */
    public static Action parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "pass" -> PASS;
            case "block" -> BLOCK;
            default -> throw new IllegalArgumentException("expected pass or block, got '" + text + "'");
        };
    }
}
