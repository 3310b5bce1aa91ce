package dev.argyle.protocol.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.argyle.protocol.SocksAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyUriTest {

    @ParameterizedTest
    @CsvSource({
            "socks4://10.0.0.1:1081,     SOCKS4,  10.0.0.1,      1081",
            "SOCKS4A://proxy.example,    SOCKS4A, proxy.example, 1080",
            "socks5://[::1]:9050,        SOCKS5,  ::1,           9050",
            "socks5h://gw-1.example:1/,  SOCKS5H, gw-1.example,  1",
            "socks5://[2001:db8::1],     SOCKS5,  2001:db8::1,   1080",
    })
    void parsesSchemeHostAndPort(String text, ProxyUri.Scheme scheme, String host, int port) {
        ProxyUri u = ProxyUri.parse(text);
        assertThat(u.scheme()).isEqualTo(scheme);
        assertThat(u.host()).isEqualTo(host);
        assertThat(u.port()).isEqualTo(port);
        assertThat(u.user()).isNull();
        assertThat(ProxyUri.parse(u.toUriString())).isEqualTo(u);
    }

    @Test
    void credentialsArePercentDecodedAndNeverInToString() {
        ProxyUri u = ProxyUri.parse("socks5://al%40ice:p%3Ass@w%C3%B6rd@proxy:1080");
        assertThat(u.user()).isEqualTo("al@ice");
        assertThat(u.password()).isEqualTo("p:ss@wörd");
        assertThat(u.toString()).isEqualTo("socks5://al%40ice@proxy:1080");
        assertThat(u.toUriString()).isEqualTo("socks5://al%40ice:p%3Ass%40w%C3%B6rd@proxy:1080");
        assertThat(ProxyUri.parse(u.toUriString())).isEqualTo(u);
        assertThat(u.withoutPassword().password()).isNull();
        assertThat(u.withoutPassword().user()).isEqualTo("al@ice");
    }

    @Test
    void emptyPasswordIsKept() {
        ProxyUri u = ProxyUri.parse("socks5://alice:@proxy");
        assertThat(u.hasPassword()).isTrue();
        assertThat(u.password()).isEmpty();
    }

    @Test
    void tlsSchemesAreSocks5InsideTls() {
        ProxyUri h = ProxyUri.parse("socks5h+tls://alice:pw@proxy.example.com:1443");
        assertThat(h.scheme()).isEqualTo(ProxyUri.Scheme.SOCKS5H_TLS);
        assertThat(h.scheme().tls()).isTrue();
        assertThat(h.scheme().isSocks5()).isTrue();
        assertThat(h.scheme().proxyResolves()).isTrue();
        assertThat(h.user()).isEqualTo("alice");
        ProxyUri plain = ProxyUri.parse("SOCKS5+TLS://proxy");
        assertThat(plain.scheme()).isEqualTo(ProxyUri.Scheme.SOCKS5_TLS);
        assertThat(plain.scheme().proxyResolves()).isFalse();
        assertThat(plain.port()).isEqualTo(1080);
        assertThat(ProxyUri.parse("socks5h://proxy").scheme().tls()).isFalse();
    }

    @Test
    void socks4HasAUserIdButNoPassword() {
        assertThat(ProxyUri.parse("socks4://bob@proxy").user()).isEqualTo("bob");
        assertThatThrownBy(() -> ProxyUri.parse("socks4a://bob:secret@proxy"))
                .hasMessageContaining("socks4a has a user id but no password")
                .hasMessageNotContaining("secret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://proxy:8080                | unknown scheme 'http'",
            "proxy:1080                       | expected scheme://host",
            "socks5://                        | no host",
            "socks5://proxy:                  | port must be a number",
            "socks5://proxy:0                 | port must be 1..65535",
            "socks5://proxy:65536             | port must be 1..65535",
            "socks5://proxy:80x               | port must be a number",
            "socks5://::1:1080                | IPv6 address goes in brackets",
            "socks5://[::1                    | without ']'",
            "socks5://[not-v6]:1              | is not an IPv6 address",
            "socks5://[::1]1080               | expected ':port' after ']'",
            "socks5://proxy/path              | no path, query or fragment",
            "socks5://proxy?x=1               | no path, query or fragment",
            "socks5://pro xy                  | is not a host name",
            "socks5://@proxy                  | empty user name",
            "socks5://u:%zz@proxy             | bad percent-escape in the password",
    })
    void rejectsWithAClearMessage(String text, String expected) {
        assertThatThrownBy(() -> ProxyUri.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"socks5://alice:hunter2@[::1", "socks9://alice:hunter2@proxy", "socks5://alice:hunter2@proxy:x"})
    void errorMessagesNeverShowThePassword(String text) {
        assertThatThrownBy(() -> ProxyUri.parse(text)).hasMessageNotContaining("hunter2").hasMessageContaining("***@");
    }

    @Test
    void overlongCredentialsAreRefused() {
        String u256 = "u".repeat(256);
        assertThatThrownBy(() -> ProxyUri.parse("socks5://" + u256 + ":pw@proxy")).hasMessageContaining("255 bytes");
        assertThatThrownBy(() -> ProxyUri.parse("socks5://u:" + "p".repeat(256) + "@proxy"))
                .hasMessageContaining("password is longer than 255 bytes");
    }

    @Test
    void addressIsALiteralOrAName() throws Exception {
        assertThat(ProxyUri.parse("socks5://127.0.0.1:5").address())
                .isEqualTo(SocksAddress.of(java.net.InetAddress.getByName("127.0.0.1"), 5));
        assertThat(ProxyUri.parse("socks5://[::1]:5").address().type()).isEqualTo(dev.argyle.protocol.AddressType.IPV6);
        assertThat(ProxyUri.parse("socks5://gw.example:5").address()).isEqualTo(SocksAddress.domain("gw.example", 5));
    }
}
