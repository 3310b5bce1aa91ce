package dev.argyle.server.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the short duration spelling used in the config file and on the command line: a whole number and one unit,
 * {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d}, or a bare {@code 0}. Microseconds ({@code 20us})
 * only where {@link #parseWithMicros} is used: every other duration is used in milliseconds, where {@code 500us}
 * would round to 0 (for a connect timeout, Netty's "no timeout"). A bare non-zero number is
 * refused because it is ambiguous (seconds? milliseconds?), and so is anything negative.
 */
public final class DurationParser {
    private static final Pattern FORM = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)");
    private static final Pattern FINE_FORM = Pattern.compile("(\\d{1,18})\\s*(us|ms|s|m|h|d)");

    private DurationParser() {
    }

    /**
     * @throws IllegalArgumentException with a message that shows the accepted forms
     */
    public static Duration parse(String s) {
        return parse(s, FORM, "500ms, 10s, 5m, 1h or 0", "s");
    }

    /** As {@link #parse}, and microseconds too ({@code 20us}), for settings that short (event-loop polling). */
    public static Duration parseWithMicros(String s) {
        return parse(s, FINE_FORM, "20us, 500ms, 10s or 0", "us");
    }

    private static Duration parse(String s, Pattern form, String examples, String unitHint) {
        String text = s == null ? "" : s.strip();
        if (text.matches("0+")) {
            return Duration.ZERO;
        }
        Matcher m = form.matcher(text);
        if (!m.matches()) {
            String hint = text.matches("\\d+") ? " (add a unit, e.g. " + text + unitHint + ")" : "";
            throw new IllegalArgumentException("expected a duration such as " + examples + ", got '" + s + "'" + hint);
        }
        long amount = Long.parseLong(m.group(1));
        try {
            return Duration.of(amount, unit(m.group(2)));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration too long: '" + s + "'");
        }
    }

    /**
     * The shortest exact spelling that {@link #parse} reads back: {@code 30s}, {@code 5m}, {@code 1500ms}; below a
     * whole millisecond, microseconds ({@code 20us}) that {@link #parseWithMicros} reads back.
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        if (d.isNegative()) {
            return d.toString();
        }
        if (d.getNano() % 1_000_000 != 0) {
            return d.getNano() % 1000 == 0 ? d.toNanos() / 1000 + "us" : d.toString();
        }
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + names[i];
            }
        }
        return ms + "ms";
    }

    private static ChronoUnit unit(String suffix) {
        return switch (suffix) {
            case "ms" -> ChronoUnit.MILLIS;
            case "us" -> ChronoUnit.MICROS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
        };
    }
}
