package dev.argyle.server.ident;

import dev.argyle.server.ident.IdentResult.Failed;
import dev.argyle.server.ident.IdentResult.Identified;
import java.nio.charset.StandardCharsets;

/**
 * Reads one identd answer line (RFC 1413 section 4 and "Formal syntax"):
 *
 * <pre>
 * &lt;port-on-server&gt; , &lt;port-on-client&gt; : USERID : &lt;opsys&gt;[,&lt;charset&gt;] : &lt;user-id&gt;
 * &lt;port-on-server&gt; , &lt;port-on-client&gt; : ERROR : &lt;error-type&gt;
 * </pre>
 *
 * Liberal where the RFC asks for it (white space around tokens, a bare LF as end of line), strict where a wrong
 * answer could be taken for a right one: the port pair must be the one asked about, tokens must be tokens, and
 * anything else is a {@link Failed}. Any bytes give a result; nothing here throws.
 *
 * <p>The user-id is everything after the colon that follows the opsys field, up to the end of the line (RFC 1413
 * "Notes on syntax" 1), except that leading spaces and tabs are dropped: nearly every identd writes
 * {@code "USERID : UNIX : alice"}, and a user id that starts with white space is not one anybody types.
 */
public final class IdentResponseParser {
    /** RFC 1413 "Notes on syntax" 2: a client may give up after 1000 characters without an end of line. */
    public static final int MAX_LINE = 1000;
    private static final int MAX_TOKEN = 64;
    private static final int MAX_PORT_DIGITS = 5;

    private IdentResponseParser() {
    }

    /**
     * @param line         the answer without its LF (a CR before the LF is allowed and dropped)
     * @param portOnServer the first port of the query: the SOCKS client's port, on the identd's host
     * @param portOnClient the second port of the query: this server's port of the control connection
     */
    public static IdentResult parse(byte[] line, int portOnServer, int portOnClient) {
        int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        for (int i = 0; i < length; i++) {
            if (line[i] == 0 || line[i] == '\r' || line[i] == '\n') {
                return new Failed("malformed identd answer: control character at byte " + i);
            }
        }
        String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
        int first = text.indexOf(':');
        int second = first < 0 ? -1 : text.indexOf(':', first + 1);
        if (second < 0) {
            return new Failed("malformed identd answer: fewer than two ':'");
        }
        String ports = checkPorts(text.substring(0, first), portOnServer, portOnClient);
        if (ports != null) {
            return new Failed(ports);
        }
        String type = strip(text.substring(first + 1, second));
        String rest = text.substring(second + 1);
        if (type.equalsIgnoreCase("ERROR")) {
            String error = strip(rest);
            return new Failed(isToken(error) ? "identd: ERROR " + error : "malformed identd ERROR answer");
        }
        if (type.equalsIgnoreCase("USERID")) {
            return userId(rest);
        }
        return new Failed("malformed identd answer: unknown response type");
    }

    private static IdentResult userId(String rest) {
        int colon = rest.indexOf(':');
        if (colon < 0) {
            return new Failed("malformed identd USERID answer: no ':' after the opsys field");
        }
        String opsysField = rest.substring(0, colon);
        int comma = opsysField.indexOf(',');
        String opsys = strip(comma < 0 ? opsysField : opsysField.substring(0, comma));
        String charset = comma < 0 ? "US-ASCII" : strip(opsysField.substring(comma + 1));
        if (!isToken(opsys) || !isToken(charset)) {
            return new Failed("malformed identd USERID answer: bad opsys or charset");
        }
        String user = stripLeading(rest.substring(colon + 1));
        if (user.isEmpty()) {
            return new Failed("malformed identd USERID answer: empty user id");
        }
        return new Identified(user, opsys, charset);
    }

    /** Null when the port pair is the one asked about, else why not. */
    private static String checkPorts(String pair, int portOnServer, int portOnClient) {
        int comma = pair.indexOf(',');
        if (comma < 0) {
            return "malformed identd answer: no port pair";
        }
        int server = port(strip(pair.substring(0, comma)));
        int client = port(strip(pair.substring(comma + 1)));
        if (server < 0 || client < 0) {
            return "malformed identd answer: bad port pair";
        }
        if (server != portOnServer || client != portOnClient) {
            return "identd answered for ports " + server + ", " + client + " instead of " + portOnServer + ", "
                    + portOnClient;
        }
        return null;
    }

    /** 1 to 5 digits (RFC 1413 {@code <integer>}), 1 to 65535; -1 otherwise. */
    private static int port(String digits) {
        if (digits.isEmpty() || digits.length() > MAX_PORT_DIGITS) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value >= 1 && value <= 0xFFFF ? value : -1;
    }

    /** 1 to 64 printable US-ASCII characters other than ':' (and ',' here, which separates opsys and charset). */
    private static boolean isToken(String s) {
        if (s.isEmpty() || s.length() > MAX_TOKEN) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == ':' || c == ',') {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static String strip(String s) {
        int end = s.length();
        while (end > 0 && isBlank(s.charAt(end - 1))) {
            end--;
        }
        return stripLeading(s.substring(0, end));
    }

    private static String stripLeading(String s) {
        int start = 0;
        while (start < s.length() && isBlank(s.charAt(start))) {
            start++;
        }
        return s.substring(start);
    }
}
