package dev.argyle.server.ident;

/** What one ident query found out: a user, or why there is none. */
public sealed interface IdentResult {
    /**
     * A {@code USERID} answer (RFC 1413 section 5).
     *
     * @param user    the user-id octets, each as one char (ISO-8859-1), so comparing with the SOCKS4 USERID
     *                compares bytes whatever the charset
     * @param opsys   the operating system token, e.g. {@code UNIX} or {@code OTHER}
     * @param charset the charset token, {@code US-ASCII} when the answer names none
     */
    record Identified(String user, String opsys, String charset) implements IdentResult {
    }

    /**
     * No user: an {@code ERROR} answer, no identd, no answer in time, or an answer that is not RFC 1413.
     *
     * @param reason for the log
     */
    record Failed(String reason) implements IdentResult {
    }
}
