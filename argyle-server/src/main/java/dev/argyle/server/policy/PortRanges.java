package dev.argyle.server.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Destination ports: single ports and inclusive ranges, {@code 80,443,8000-8999}.
 *
 * @param ranges in the order written; never empty
 */
public record PortRanges(List<Range> ranges) {
    /** {@code min..max}, inclusive; a single port has min == max. */
    public record Range(int min, int max) {
        public Range {
            if (min < 0 || max > 65535 || min > max) {
                throw new IllegalArgumentException("'" + min + "-" + max + "' is not a port range low-high within 0-65535");
            }
        }

        @Override
        public String toString() {
            return min == max ? Integer.toString(min) : min + "-" + max;
        }
    }

    public PortRanges {
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("no ports given");
        }
    }

    /**
     * Comma-separated ports and {@code low-high} ranges; spaces are ignored.
     *
     * @throws IllegalArgumentException naming the bad item
     */
    public static PortRanges parse(String text) {
        List<Range> out = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String t = item.strip();
            int dash = t.indexOf('-');
            int min = port(dash < 0 ? t : t.substring(0, dash), text);
            int max = dash < 0 ? min : port(t.substring(dash + 1), text);
            if (min > max) {
                throw new IllegalArgumentException("'" + t + "' is not a range low-high with low <= high");
            }
            out.add(new Range(min, max));
        }
        return new PortRanges(out);
    }

    /** Several texts (a YAML list of ports and ranges) as one set. */
    public static PortRanges parseAll(List<String> texts) {
        List<Range> out = new ArrayList<>();
        for (String t : texts) {
            out.addAll(parse(t).ranges());
        }
        return new PortRanges(out);
    }

    public boolean contains(int port) {
        for (Range r : ranges) {
            if (port >= r.min() && port <= r.max()) {
                return true;
            }
        }
        return false;
    }

    private static int port(String digits, String whole) {
        String d = digits.strip();
        if (!d.matches("\\d{1,5}") || Integer.parseInt(d) > 65535) {
            throw new IllegalArgumentException("expected ports and ranges such as 80,443,8000-8999, got '" + whole + "'");
        }
        return Integer.parseInt(d);
    }

    @Override
    public String toString() {
        return ranges.stream().map(Range::toString).collect(Collectors.joining(","));
    }
}
