package dev.argyle.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {
    private static final String ENCODED = PasswordHasher.hash("correct horse".toCharArray());

    @Test
    void hashHasTheDocumentedShapeAndVerifies() {
        assertThat(ENCODED).matches("pbkdf2-sha256\\$120000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PasswordHasher.verify("correct horse".toCharArray(), ENCODED)).isTrue();
    }

    @Test
    void saltMakesEveryHashDifferent() {
        assertThat(PasswordHasher.hash("correct horse".toCharArray())).isNotEqualTo(ENCODED);
    }

    @Test
    void wrongPasswordsFail() {
        assertThat(PasswordHasher.verify("correct hors".toCharArray(), ENCODED)).isFalse();
        assertThat(PasswordHasher.verify("Correct horse".toCharArray(), ENCODED)).isFalse();
        assertThat(PasswordHasher.verify(new char[0], ENCODED)).isFalse();
        assertThat(PasswordHasher.verify(null, ENCODED)).isFalse();
    }

    @Test
    void tamperedHashesFail() {
        String[] f = ENCODED.split("\\$");
        char first = f[3].charAt(0);
        String otherKey = (first == 'A' ? 'B' : 'A') + f[3].substring(1);
        assertThat(PasswordHasher.verify("correct horse".toCharArray(), String.join("$", f[0], f[1], f[2], otherKey))).isFalse();
        assertThat(PasswordHasher.verify("correct horse".toCharArray(), String.join("$", f[0], "119999", f[2], f[3]))).isFalse();
        String otherSalt = (f[2].charAt(0) == 'A' ? 'B' : 'A') + f[2].substring(1);
        assertThat(PasswordHasher.verify("correct horse".toCharArray(), String.join("$", f[0], f[1], otherSalt, f[3]))).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "plain", "pbkdf2-sha256$120000$c2FsdA", "pbkdf2-sha1$1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAA",
            "pbkdf2-sha256$0$c2FsdA$AAAAAAAAAAAAAAAAAAAAAA", "pbkdf2-sha256$-1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAA",
            "pbkdf2-sha256$x$c2FsdA$AAAAAAAAAAAAAAAAAAAAAA", "pbkdf2-sha256$99999999$c2FsdA$AAAAAAAAAAAAAAAAAAAAAA",
            "pbkdf2-sha256$1$$AAAAAAAAAAAAAAAAAAAAAA", "pbkdf2-sha256$1$c2FsdA$AAAA", "pbkdf2-sha256$1$c2FsdA$!!!!",
            "pbkdf2-sha256$1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAA$extra"})
    void malformedEncodingsAreFalseNotErrors(String encoded) {
        assertThat(PasswordHasher.verify("x".toCharArray(), encoded)).isFalse();
        assertThat(PasswordHasher.isWellFormed(encoded)).isFalse();
    }

    /** RFC 7914 section 11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64. Pins the format to the standard. */
    @Test
    void readsAHashBuiltFromThePublishedTestVector() {
        byte[] dk = HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String encoded = "pbkdf2-sha256$1$" + b64.encodeToString("salt".getBytes()) + "$" + b64.encodeToString(dk);
        assertThat(PasswordHasher.verify("passwd".toCharArray(), encoded)).isTrue();
        assertThat(PasswordHasher.verify("passwe".toCharArray(), encoded)).isFalse();
    }
}
