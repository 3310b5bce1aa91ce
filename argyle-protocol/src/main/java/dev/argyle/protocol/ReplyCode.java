package dev.argyle.protocol;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * A SOCKS5 reply code (RFC 1928 section 6, REP) and the one place where a failure becomes a code.
 * SOCKS4 has only granted/rejected, see {@link #isSuccess()}.
 *
 * @param code the REP byte
 */
public record ReplyCode(int code) {
    public static final ReplyCode SUCCEEDED = new ReplyCode(0x00);
    public static final ReplyCode GENERAL_FAILURE = new ReplyCode(0x01);
    public static final ReplyCode NOT_ALLOWED = new ReplyCode(0x02);
    public static final ReplyCode NETWORK_UNREACHABLE = new ReplyCode(0x03);
    public static final ReplyCode HOST_UNREACHABLE = new ReplyCode(0x04);
    public static final ReplyCode CONNECTION_REFUSED = new ReplyCode(0x05);
    public static final ReplyCode TTL_EXPIRED = new ReplyCode(0x06);
    public static final ReplyCode COMMAND_NOT_SUPPORTED = new ReplyCode(0x07);
    public static final ReplyCode ADDRESS_TYPE_NOT_SUPPORTED = new ReplyCode(0x08);

    public ReplyCode {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("reply code is one byte: " + code);
        }
    }

    public static ReplyCode of(int code) {
        return switch (code) {
            case 0x00 -> SUCCEEDED;
            case 0x01 -> GENERAL_FAILURE;
            case 0x02 -> NOT_ALLOWED;
            case 0x03 -> NETWORK_UNREACHABLE;
            case 0x04 -> HOST_UNREACHABLE;
            case 0x05 -> CONNECTION_REFUSED;
            case 0x06 -> TTL_EXPIRED;
            case 0x07 -> COMMAND_NOT_SUPPORTED;
            case 0x08 -> ADDRESS_TYPE_NOT_SUPPORTED;
            default -> new ReplyCode(code);
        };
    }

    public boolean isSuccess() {
        return code == 0x00;
    }

    /**
     * Maps why an outbound attempt failed to the reply the client gets. A connect timeout becomes "TTL
     * expired" (0x06), the code clients such as curl report as a timeout; a name that does not resolve, also
     * by timing out, is "host unreachable" (0x04), because an {@link UnknownHostException} is checked before
     * its cause; errno texts are matched because the JDK and Netty's native
     * transport report ENETUNREACH and EHOSTUNREACH through the same exception classes.
     */
    public static ReplyCode forFailure(Throwable failure) {
        // A cause chain may be a cycle (initCause only forbids a self-cause), so each throwable is seen once.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            ReplyCode code = forSingle(t);
            if (code != null) {
                return code;
            }
        }
        return GENERAL_FAILURE;
    }

    private static ReplyCode forSingle(Throwable t) {
        // Netty's ConnectTimeoutException extends ConnectException, so timeouts are checked first.
        if (t instanceof SocketTimeoutException || t instanceof TimeoutException
                || t.getClass().getSimpleName().endsWith("TimeoutException")) {
            return TTL_EXPIRED;
        }
        if (t instanceof UnknownHostException) {
            return HOST_UNREACHABLE;
        }
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("network is unreachable") || message.contains("network unreachable")) {
            return NETWORK_UNREACHABLE;
        }
        if (t instanceof NoRouteToHostException || message.contains("no route to host")
                || message.contains("host is unreachable") || message.contains("host unreachable")) {
            return HOST_UNREACHABLE;
        }
        if (message.contains("timed out")) {
            return TTL_EXPIRED;
        }
        if (message.contains("connection refused") || t instanceof PortUnreachableException) {
            return CONNECTION_REFUSED;
        }
        if (t instanceof ConnectException) {
            return CONNECTION_REFUSED;
        }
        return null;
    }

    /** The RFC 1928 wording, for logs and client-side error messages. */
    public String describe() {
        return switch (code) {
            case 0x00 -> "succeeded";
            case 0x01 -> "general SOCKS server failure";
            case 0x02 -> "connection not allowed by ruleset";
            case 0x03 -> "network unreachable";
            case 0x04 -> "host unreachable";
            case 0x05 -> "connection refused";
            case 0x06 -> "TTL expired";
            case 0x07 -> "command not supported";
            case 0x08 -> "address type not supported";
            default -> String.format("unassigned reply 0x%02x", code);
        };
    }

    @Override
    public String toString() {
        return String.format("0x%02x (%s)", code, describe());
    }
}
