package dev.argyle.server.observe;

/**
 * Names why the server refused a session, in a few fixed words fit for a metric label and the status page:
 * {@code rule}, {@code limit}, {@code auth}, {@code method}, {@code socks4-password}, {@code command},
 * {@code malformed}, {@code handshake-timeout}. A session that failed for another reason (the destination
 * refused, the client went away) was not refused by this server and has no refusal.
 *
 * <p>Read from the session error, whose wording each refusal site owns ("blocked by ...", "limit: ...");
 * {@code RefusalTest} pins each one so that a reworded message cannot silently fall out of the metric.
 */
public final class Refusal {
    private Refusal() {
    }

    /** The refusal reason of a finished session, or null when it was not refused. */
    public static String of(Session s) {
        String e = s.error();
        if (e == null || "0x00".equals(s.reply()) || "0x5a".equals(s.reply())) {
            return null;
        }
        if (e.startsWith("blocked") || e.startsWith("bind: blocked")) {
            return "rule";
        }
        if (e.startsWith("limit:")) {
            return "limit";
        }
        if (e.equals("authentication failed")) {
            return "auth";
        }
        if (e.startsWith("no acceptable method")) {
            return "method";
        }
        if (e.startsWith("SOCKS4 refused")) {
            return "socks4-password";
        }
        if (e.startsWith("command not supported")) {
            return "command";
        }
        if (e.startsWith("malformed") || e.startsWith("not a SOCKS request")) {
            return "malformed";
        }
        if (e.equals("handshake timeout")) {
            return "handshake-timeout";
        }
        return null;
    }

    /** The rule that refused, for a {@code rule} refusal; "-" otherwise. */
    public static String rule(Session s, String reason) {
        return "rule".equals(reason) && s.rule() != null ? s.rule() : "-";
    }
}
