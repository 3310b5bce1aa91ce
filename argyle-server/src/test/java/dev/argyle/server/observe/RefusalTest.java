package dev.argyle.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.limit.Limit;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Each refusal site's wording maps to its reason; other failures are not refusals. */
class RefusalTest {
    private static Session ended(String reply, String error, String rule) {
        Session s = new Session(new InetSocketAddress("127.0.0.1", 1080), new InetSocketAddress("127.0.0.1", 50000));
        s.reply(reply);
        s.rule(rule);
        if (error != null) {
            s.error(error);
        }
        return s;
    }

    @Test
    void refusalReasons() {
        assertThat(Refusal.of(ended("0x02", "blocked by request rule lab (to 10.0.0.0/8)", "lab"))).isEqualTo("rule");
        assertThat(Refusal.rule(ended("0x02", "blocked by x", "lab"), "rule")).isEqualTo("lab");
        assertThat(Refusal.of(ended("-", "blocked: no client rule matched (the end of rules.clients blocks)", "default")))
                .isEqualTo("rule");
        assertThat(Refusal.of(ended("0x5b", "bind: blocked by request rule r", "r"))).isEqualTo("rule");
        assertThat(Refusal.of(ended("0x02", Limit.SESSIONS_PER_USER.error(3), null))).isEqualTo("limit");
        assertThat(Refusal.of(ended("-", Limit.SESSIONS.error(10), null))).isEqualTo("limit");
        assertThat(Refusal.of(ended("-", "authentication failed", null))).isEqualTo("auth");
        assertThat(Refusal.of(ended("-", "no acceptable method: client offered [0x00], listener requires 0x02", null)))
                .isEqualTo("method");
        assertThat(Refusal.of(ended("0x5b", "SOCKS4 refused: this listener requires a password", null)))
                .isEqualTo("socks4-password");
        assertThat(Refusal.of(ended("0x07", "command not supported: 0x09", null))).isEqualTo("command");
        assertThat(Refusal.of(ended("0x01", "malformed v5_request: reserved byte", null))).isEqualTo("malformed");
        assertThat(Refusal.of(ended("-", "not a SOCKS request (first byte 0x47)", null))).isEqualTo("malformed");
        assertThat(Refusal.of(ended("-", "handshake timeout", null))).isEqualTo("handshake-timeout");
        assertThat(Refusal.rule(ended("-", "handshake timeout", null), "handshake-timeout")).isEqualTo("-");
    }

    @Test
    void failuresThatAreNotRefusals() {
        assertThat(Refusal.of(ended("0x00", null, "default"))).isNull();
        assertThat(Refusal.of(ended("0x00", "idle timeout", "default"))).isNull();
        assertThat(Refusal.of(ended("0x05", "Connection refused", "default"))).isNull();
        assertThat(Refusal.of(ended("-", "client closed during handshake", null))).isNull();
        assertThat(Refusal.of(ended("0x04", "localhost.invalid: unknown host", "default"))).isNull();
    }
}
