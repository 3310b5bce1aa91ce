package dev.argyle.server.ident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.v4.Socks4Status;
import dev.argyle.server.config.IdentMode;
import dev.argyle.server.ident.IdentResult.Failed;
import dev.argyle.server.ident.IdentResult.Identified;
import org.junit.jupiter.api.Test;

class IdentVerdictTest {
    private static final Identified ALICE = new Identified("alice", "UNIX", "US-ASCII");
    private static final Failed NO_USER = new Failed("identd: ERROR NO-USER");

    @Test
    void verifyGoesOnOnlyWithTheSameUserAndThenCountsItAsProven() {
        IdentVerdict match = IdentVerdict.judge(IdentMode.VERIFY, "alice", ALICE);
        assertThat(match.refused()).isFalse();
        assertThat(match.verified()).isTrue();
        assertThat(match.identUser()).isEqualTo("alice");

        IdentVerdict other = IdentVerdict.judge(IdentMode.VERIFY, "Alice", ALICE); // byte for byte: case counts
        assertThat(other.refusal()).isEqualTo(Socks4Status.IDENT_MISMATCH);
        assertThat(other.reply().status().code()).isEqualTo(0x5D);
        assertThat(other.identUser()).isEqualTo("alice");

        IdentVerdict none = IdentVerdict.judge(IdentMode.VERIFY, "alice", NO_USER);
        assertThat(none.refusal()).isEqualTo(Socks4Status.IDENT_UNREACHABLE);
        assertThat(none.reply().status().code()).isEqualTo(0x5C);
        assertThat(none.reason()).isEqualTo("identd: ERROR NO-USER");
    }

    @Test
    void logNeverRefusesAndNeverProves() {
        IdentVerdict other = IdentVerdict.judge(IdentMode.LOG, "bob", ALICE);
        assertThat(other.refused()).isFalse();
        assertThat(other.verified()).isFalse();
        assertThat(other.identUser()).isEqualTo("alice");
        IdentVerdict same = IdentVerdict.judge(IdentMode.LOG, "alice", ALICE);
        assertThat(same.verified()).isFalse();
        IdentVerdict none = IdentVerdict.judge(IdentMode.LOG, "alice", NO_USER);
        assertThat(none.refused()).isFalse();
        assertThat(none.identUser()).isNull();
    }

    @Test
    void offAsksNothing() {
        assertThatThrownBy(() -> IdentVerdict.judge(IdentMode.OFF, "alice", ALICE)).isInstanceOf(IllegalArgumentException.class);
    }
}
