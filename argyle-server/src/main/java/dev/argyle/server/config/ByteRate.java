package dev.argyle.server.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a bandwidth as the config file spells it: a number and a unit per second, {@code 512KiB/s},
 * {@code 10MB/s}, {@code 1.5MiB/s}, {@code 100Mbit/s}, or a bare {@code 0} for "no limit". Bytes are written
 * with a capital {@code B} (decimal {@code kB MB GB}, binary {@code KiB MiB GiB}); bits are spelled out
 * ({@code bit kbit Mbit Gbit}, decimal), because a lone {@code b} is read as bits by some and bytes by others.
 * The result is whole bytes per second.
 */
public final class ByteRate {
    /** Below this a shaped stream would move in pauses longer than a second; refused as a likely typo. */
    public static final long MIN = 1000;
    /** 1 TB/s: above any link this server could drive; keeps the arithmetic far from overflow. */
    public static final long MAX = 1_000_000_000_000L;

    private static final Pattern FORM = Pattern.compile("(\\d{1,15}(?:\\.\\d{1,6})?)\\s*([A-Za-z]+)/s");
    private static final Map<String, Long> BYTES = Map.of(
            "B", 1L, "kB", 1000L, "KB", 1000L, "MB", 1_000_000L, "GB", 1_000_000_000L,
            "KiB", 1024L, "MiB", 1024L * 1024, "GiB", 1024L * 1024 * 1024);
    private static final Map<String, Long> BITS = Map.of(
            "bit", 1L, "kbit", 1000L, "Kbit", 1000L, "Mbit", 1_000_000L, "Gbit", 1_000_000_000L);
    private static final String FORMS = "a rate such as 512KiB/s, 10MB/s or 100Mbit/s, or 0 for no limit";

    private ByteRate() {
    }

    /**
     * Bytes per second, or 0 for {@code 0}.
     *
     * @throws IllegalArgumentException naming the accepted forms, or the allowed range
     */
    public static long parse(String s) {
        String text = s == null ? "" : s.strip();
        if (text.matches("0+")) {
            return 0;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            String hint = text.matches("\\d+(\\.\\d+)?") ? " (add a unit, e.g. " + text + "KiB/s)" : "";
            throw new IllegalArgumentException("expected " + FORMS + ", got '" + s + "'" + hint);
        }
        String unit = m.group(2);
        BigDecimal bytes;
        if (BYTES.containsKey(unit)) {
            bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(BYTES.get(unit)));
        } else if (BITS.containsKey(unit)) {
            bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(BITS.get(unit))).divide(BigDecimal.valueOf(8));
        } else {
            String lower = unit.toLowerCase(Locale.ROOT);
            String hint = lower.endsWith("b") && !unit.endsWith("B") ? "; write B for bytes (KiB/s, MB/s) or bit for bits (Mbit/s)"
                    : "; units: B, kB, KiB, MB, MiB, GB, GiB, bit, kbit, Mbit, Gbit";
            throw new IllegalArgumentException("unknown unit '" + unit + "/s' in '" + s + "'" + hint);
        }
        long n = bytes.setScale(0, java.math.RoundingMode.HALF_UP).longValue();
        if (bytes.compareTo(BigDecimal.valueOf(MAX)) > 0 || n < MIN) {
            throw new IllegalArgumentException("'" + s + "' is outside " + format(MIN) + " to 1TB/s (or 0 for no limit)");
        }
        return n;
    }

    /** A readable spelling that {@link #parse} reads back exactly: {@code 0}, {@code 256KiB/s}, {@code 1500B/s}. */
    public static String format(long bytesPerSecond) {
        if (bytesPerSecond == 0) {
            return "0";
        }
        String[] binary = {"GiB", "MiB", "KiB"};
        long[] binarySizes = {1024L * 1024 * 1024, 1024L * 1024, 1024};
        String[] decimal = {"GB", "MB", "kB"};
        long[] decimalSizes = {1_000_000_000L, 1_000_000L, 1000};
        for (int i = 0; i < 3; i++) {
            if (bytesPerSecond % binarySizes[i] == 0) {
                return bytesPerSecond / binarySizes[i] + binary[i] + "/s";
            }
            if (bytesPerSecond % decimalSizes[i] == 0) {
                return bytesPerSecond / decimalSizes[i] + decimal[i] + "/s";
            }
        }
        return bytesPerSecond + "B/s";
    }
}
