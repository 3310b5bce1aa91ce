package dev.argyle.server.observe;

import dev.argyle.protocol.Command;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per session on the {@code argyle.access} logger, as space-separated {@code key=value} pairs that
 * grep, awk and log shippers can split without a schema:
 *
 * <pre>
 * start=2026-11-25T09:30:00.123Z id=7 client=127.0.0.1:51234 listener=127.0.0.1:1080 ver=5 auth=password
 *   user=alice ident=- cmd=connect dst=example.com:443 resolved=93.184.216.34:443 bound=10.0.0.5:40112 reply=0x00
 *   rule=default route=direct up=517 down=5210 dgrams=- dropped=- dsts=- ms=231 error=-
 * </pre>
 *
 * Values never contain spaces ({@code error} has them replaced), user names are quoted only by escaping
 * spaces. Passwords are never part of a session.
 *
 * <p>Each line also carries the same fields as SLF4J key/value pairs ({@link #fields}): typed (numbers as
 * {@link Long}), unescaped, and {@code null} where the line has {@code -}. A text layout prints only the message;
 * the JSON layout of {@code argyle serve --log-format json} writes the pairs as JSON members instead.
 */
public final class AccessLog implements SessionListener {
    public static final String LOGGER = "argyle.access";
    private final Logger log;
    private final boolean withFields;

    /**
     * The access log on {@value #LOGGER}; {@code withFields}: also attach the fields as key/value pairs, which
     * only a structured (JSON) layout reads. Off for text, so a text line costs no second rendering of the session.
     */
    public AccessLog(boolean withFields) {
        this(LoggerFactory.getLogger(LOGGER), withFields);
    }

    /** Writes to {@code log} instead of {@value #LOGGER}, with the key/value pairs (tests, embedding programs). */
    public AccessLog(Logger log) {
        this(log, true);
    }

    AccessLog(Logger log, boolean withFields) {
        this.log = log;
        this.withFields = withFields;
    }

    @Override
    public void closed(Session s) {
        if (log.isInfoEnabled()) {
            if (!withFields) {
                log.info(format(s));
                return;
            }
            org.slf4j.spi.LoggingEventBuilder event = log.atInfo().setMessage(format(s));
            for (Map.Entry<String, Object> f : AccessLogFields.of(s).entrySet()) {
                event = event.addKeyValue(f.getKey(), f.getValue());
            }
            event.log();
        }
    }

    /** The line for a session, without the logger's own prefix. */
    public static String format(Session s) {
        StringBuilder b = new StringBuilder(256);
        b.append("start=").append(Instant.ofEpochMilli(s.startMillis()));
        b.append(" id=").append(s.id());
        b.append(" client=").append(addr(s.client()));
        b.append(" listener=").append(addr(s.listener()));
        b.append(" ver=").append(s.version() == 0 ? "-" : Integer.toString(s.version()));
        b.append(" auth=").append(s.authMethod());
        b.append(" user=").append(token(s.user()));
        b.append(" ident=").append(token(s.ident()));
        b.append(" cmd=").append(s.command() == null ? "-" : s.command().label());
        b.append(" dst=").append(s.requested() == null ? "-" : token(s.requested().toString()));
        b.append(" resolved=").append(addr(s.resolved()));
        b.append(" bound=").append(addr(s.bound()));
        b.append(" reply=").append(s.reply());
        b.append(" rule=").append(token(s.rule()));
        b.append(" route=").append(token(s.route()));
        b.append(" up=").append(s.bytesUp());
        b.append(" down=").append(s.bytesDown());
        boolean udp = Command.UDP_ASSOCIATE.equals(s.command());
        b.append(" dgrams=").append(udp ? s.datagramsUp() + "/" + s.datagramsDown() : "-");
        b.append(" dropped=").append(udp ? Long.toString(s.datagramsDropped()) : "-");
        b.append(" dsts=").append(udp ? Integer.toString(s.destinations()) : "-");
        b.append(" ms=").append(s.durationMillis());
        b.append(" error=").append(token(s.error()));
        return b.toString();
    }

    static String addr(InetSocketAddress a) {
        if (a == null) {
            return "-";
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Makes a value safe for a space-separated line: no whitespace or control characters, "-" for none. */
    static String token(String v) {
        if (v == null || v.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            b.append(c <= ' ' || c == 0x7f ? '_' : c);
        }
        return b.toString();
    }
}
