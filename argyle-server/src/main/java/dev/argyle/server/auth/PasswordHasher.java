package dev.argyle.server.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes in the text form {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (salt and hash in
 * Base64 without padding).
 *
 * <p>Why PBKDF2-HMAC-SHA256: it ships with every JDK, so the server needs no native library. Why 120 000 iterations,
 * fewer than guidance for web logins: a SOCKS client sends its password on every connection, not once per session,
 * so each check costs the server tens of milliseconds of CPU. The count is stored in each hash, so it can be raised
 * later without invalidating existing users.
 */
public final class PasswordHasher {
    static final String SCHEME = "pbkdf2-sha256";
    static final int ITERATIONS = 120_000;
    private static final int SALT_BYTES = 16;
    private static final int KEY_BYTES = 32;
    /** Far above any sane setting; stops a crafted users file from making one check take minutes. */
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {
    }

    /** A fresh hash with a random salt; {@code password} is left for the caller to wipe. */
    public static String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] key = derive(password, salt, ITERATIONS, KEY_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    }

    /**
     * Whether {@code password} matches {@code encoded}. Compares in constant time; a malformed {@code encoded}
     * is simply {@code false}.
     */
    public static boolean verify(char[] password, String encoded) {
        Parsed p = Parsed.of(encoded);
        if (p == null || password == null) {
            return false;
        }
        return MessageDigest.isEqual(derive(password, p.salt, p.iterations, p.key.length), p.key);
    }

    /** Whether {@code encoded} has the shape {@link #hash} produces (used to reject a malformed users file). */
    static boolean isWellFormed(String encoded) {
        return Parsed.of(encoded) != null;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int keyBytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, keyBytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** The four fields of an encoded hash, or {@code null} from {@link #of} when they do not parse. */
    private record Parsed(int iterations, byte[] salt, byte[] key) {
        static Parsed of(String encoded) {
            if (encoded == null) {
                return null;
            }
            String[] f = encoded.split("\\$", -1);
            if (f.length != 4 || !f[0].equals(SCHEME) || !f[1].matches("[1-9]\\d{0,7}")) {
                return null;
            }
            int iterations = Integer.parseInt(f[1]);
            try {
                byte[] salt = Base64.getDecoder().decode(f[2]);
                byte[] key = Base64.getDecoder().decode(f[3]);
                if (iterations > MAX_ITERATIONS || salt.length == 0 || key.length < 16 || key.length > 64) {
                    return null;
                }
                return new Parsed(iterations, salt, key);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
