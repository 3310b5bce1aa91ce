package dev.argyle.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured token in constant time (no early exit that
 * would let a caller learn the token byte by byte from response times).
 */
final class BearerToken {
    enum Check { OK, MISSING, WRONG, NOT_CONFIGURED }

    private final byte[] expected;

    BearerToken(String token) {
        this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    Check check(String authorization) {
        if (expected == null) {
            return Check.NOT_CONFIGURED;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Check.MISSING;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given) ? Check.OK : Check.WRONG;
    }

    @Override
    public String toString() {
        return expected == null ? "BearerToken[none]" : "BearerToken[***]";
    }
}
