package dev.argyle.server.observe;

import dev.argyle.protocol.Command;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The access log's fields for one session as typed values, in the line's order: counts and durations as
 * {@link Long}, the SOCKS version as {@link Integer}, everything else as the text the line shows but unescaped
 * (a name with spaces or quotes stays as the client sent it), and {@code null} where the line has {@code -}.
 * UDP's {@code dgrams=up/down} becomes {@code dgrams_up} and {@code dgrams_down}. What a structured (JSON) log
 * writes; the encoder is left to escape.
 */
public final class AccessLogFields {
    private AccessLogFields() {
    }

    public static Map<String, Object> of(Session s) {
        Map<String, Object> f = new LinkedHashMap<>();
        boolean udp = Command.UDP_ASSOCIATE.equals(s.command());
        f.put("start", Instant.ofEpochMilli(s.startMillis()).toString());
        f.put("id", s.id());
        f.put("client", text(AccessLog.addr(s.client())));
        f.put("listener", text(AccessLog.addr(s.listener())));
        f.put("ver", s.version() == 0 ? null : s.version());
        f.put("auth", text(s.authMethod()));
        f.put("user", text(s.user()));
        f.put("ident", text(s.ident()));
        f.put("cmd", s.command() == null ? null : s.command().label());
        f.put("dst", s.requested() == null ? null : s.requested().toString());
        f.put("resolved", text(AccessLog.addr(s.resolved())));
        f.put("bound", text(AccessLog.addr(s.bound())));
        f.put("reply", text(s.reply()));
        f.put("rule", text(s.rule()));
        f.put("route", text(s.route()));
        f.put("up", s.bytesUp());
        f.put("down", s.bytesDown());
        f.put("dgrams_up", udp ? s.datagramsUp() : null);
        f.put("dgrams_down", udp ? s.datagramsDown() : null);
        f.put("dropped", udp ? s.datagramsDropped() : null);
        f.put("dsts", udp ? (long) s.destinations() : null);
        f.put("ms", s.durationMillis());
        f.put("error", text(s.error()));
        return f;
    }

    /** {@code null} for none: an absent value, an empty one, or the line's own "-". */
    private static String text(String v) {
        return v == null || v.isEmpty() || v.equals("-") ? null : v;
    }
}
