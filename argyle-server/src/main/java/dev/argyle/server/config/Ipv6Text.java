package dev.argyle.server.config;

/**
 * Shortens the JDK's full IPv6 text ({@code 0:0:0:0:0:0:0:1}) to the RFC 5952 form ({@code ::1}), so that log
 * lines and error messages show addresses the way people write them.
 */
final class Ipv6Text {
    private Ipv6Text() {
    }

    /** @param full eight colon-separated hex groups, optionally followed by {@code %scope} */
    static String compress(String full) {
        int percent = full.indexOf('%');
        String scope = percent < 0 ? "" : full.substring(percent);
        String[] groups = (percent < 0 ? full : full.substring(0, percent)).split(":");
        if (groups.length != 8) {
            return full;
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (isZero(groups[i])) {
                int j = i;
                while (j < 8 && isZero(groups[j])) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
        }
        return sb.append(scope).toString();
    }

    private static boolean isZero(String group) {
        return Integer.parseInt(group, 16) == 0;
    }
}
