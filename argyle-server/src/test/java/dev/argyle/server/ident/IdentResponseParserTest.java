package dev.argyle.server.ident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.ident.IdentResult.Failed;
import dev.argyle.server.ident.IdentResult.Identified;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentResponseParserTest {
    private static final int SERVER = 6193;
    private static final int CLIENT = 23;

    private static IdentResult parse(String line) {
        return IdentResponseParser.parse(line.getBytes(StandardCharsets.ISO_8859_1), SERVER, CLIENT);
    }

    @Test
    void readsTheRfcExamples() {
        assertThat(parse("6193, 23 : USERID : UNIX : stjohns")).isEqualTo(new Identified("stjohns", "UNIX", "US-ASCII"));
        assertThat(parse("6193, 23 : ERROR : NO-USER")).isEqualTo(new Failed("identd: ERROR NO-USER"));
    }

    @Test
    void acceptsWhiteSpaceAroundTokensAndACrBeforeTheLf() {
        assertThat(parse("\t 6193 ,23:USERID:UNIX:alice\r")).isEqualTo(new Identified("alice", "UNIX", "US-ASCII"));
        assertThat(parse("6193,23   :   userid   :  OTHER , UTF-8 :   alice")).isEqualTo(new Identified("alice", "OTHER", "UTF-8"));
        assertThat(parse("6193 , 23 : ERROR : X-PRIVATE ")).isEqualTo(new Failed("identd: ERROR X-PRIVATE"));
    }

    @Test
    void theUserIdIsEverythingAfterTheOpsysColonButItsLeadingBlanks() {
        // RFC 1413 "Notes on syntax" 1: colons and spaces inside the user id are part of it.
        assertThat(parse("6193, 23 : USERID : OTHER : a:b c ")).isEqualTo(new Identified("a:b c ", "OTHER", "US-ASCII"));
        // Octets above 0x7F are kept, one char each, so comparison with a SOCKS4 USERID is byte for byte.
        byte[] utf8 = "6193, 23 : USERID : UNIX , UTF-8 : j\u00f6rg".getBytes(StandardCharsets.UTF_8);
        assertThat(IdentResponseParser.parse(utf8, SERVER, CLIENT))
                .isEqualTo(new Identified(new String("j\u00f6rg".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), "UNIX", "UTF-8"));
        String longest = "u".repeat(512);
        assertThat(parse("6193, 23 : USERID : UNIX : " + longest)).isEqualTo(new Identified(longest, "UNIX", "US-ASCII"));
    }

    @Test
    void anAnswerForAnotherPortPairIsAFailure() {
        assertThat(parse("6193, 24 : USERID : UNIX : alice"))
                .isEqualTo(new Failed("identd answered for ports 6193, 24 instead of 6193, 23"));
        assertThat(parse("23, 6193 : USERID : UNIX : alice")).isInstanceOf(Failed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "garbage",
            "6193, 23",
            "6193, 23 : USERID",
            "6193, 23 : USERID : UNIX",
            "6193, 23 : USERID : UNIX :",
            "6193, 23 : USERID : UNIX :   ",
            "6193, 23 : USERID : : alice",
            "6193, 23 : USERID : UN IX : alice",
            "6193, 23 : USERID : UNIX, : alice",
            "6193, 23 : USERID : UNIX,US ASCII : alice",
            "6193, 23 : WHO : UNIX : alice",
            "6193, 23 : ERROR :",
            "6193, 23 : ERROR : NO USER",
            "6193 23 : USERID : UNIX : alice",
            "6193, : USERID : UNIX : alice",
            ", 23 : USERID : UNIX : alice",
            "61 93, 23 : USERID : UNIX : alice",
            "006193, 23 : USERID : UNIX : alice",
            "0, 23 : USERID : UNIX : alice",
            "70000, 23 : USERID : UNIX : alice",
            "-1, 23 : USERID : UNIX : alice",
            "6193, 23 : USERID : UNIX : ali\rce",
            "6193, 23 : USERID : UNIX : ali\u0000ce",
            "6193, 23 : USERID : \u00e9 : alice",
    })
    void malformedAnswersAreFailures(String line) {
        assertThat(parse(line)).isInstanceOf(Failed.class);
    }

    @Test
    void anOpsysTokenLongerThan64CharactersIsRefused() {
        assertThat(parse("6193, 23 : USERID : " + "U".repeat(64) + " : alice")).isInstanceOf(Identified.class);
        assertThat(parse("6193, 23 : USERID : " + "U".repeat(65) + " : alice")).isInstanceOf(Failed.class);
    }

    /** Any bytes at all: a result, never an exception, and a user only when the answer really is USERID. */
    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(1413);
        byte[] alphabet = "0123456789,: \t\r\nUSERIDERRORUNIXOTHER-\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 50_000; i++) {
            byte[] line = new byte[random.nextInt(80)];
            for (int j = 0; j < line.length; j++) {
                line[j] = random.nextBoolean() ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            IdentResult r = IdentResponseParser.parse(line, random.nextInt(3), 1 + random.nextInt(2));
            assertThat(r).isNotNull();
            if (r instanceof Identified id) {
                assertThat(id.user()).isNotEmpty().doesNotContain("\r", "\n", "\u0000");
                assertThat(new String(line, StandardCharsets.ISO_8859_1).toUpperCase()).contains("USERID");
            }
        }
    }

    /** Valid answers mutated one byte at a time: each still gives a result and never an exception. */
    @Test
    void mutatedValidAnswersNeverThrow() {
        Random random = new Random(931);
        byte[] valid = "6193, 23 : USERID : UNIX , US-ASCII : alice".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 20_000; i++) {
            byte[] line = valid.clone();
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                line[random.nextInt(line.length)] = (byte) random.nextInt(256);
            }
            assertThat(IdentResponseParser.parse(line, SERVER, CLIENT)).isNotNull();
        }
    }
}
