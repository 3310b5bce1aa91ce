package dev.argyle.protocol;

import static dev.argyle.protocol.Fixtures.ipv4;
import static dev.argyle.protocol.Fixtures.ipv4Mapped;
import static dev.argyle.protocol.Fixtures.ipv6Documentation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SocksAddressTest {

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void portOutOfRangeIsRejected(int port) {
        assertThatThrownBy(() -> SocksAddress.domain("example.com", port))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> SocksAddress.of(ipv4(192, 0, 2, 1), port))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1080, 65535})
    void portsInRangeAreAccepted(int port) {
        assertThat(SocksAddress.domain("example.com", port).port()).isEqualTo(port);
    }

    @Test
    void domainMustBeOneTo255Bytes() {
        assertThatThrownBy(() -> SocksAddress.domain("", 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocksAddress.domain("x".repeat(256), 80))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SocksAddress.domain("x", 80).domainBytes()).hasSize(1);
        assertThat(SocksAddress.domain("x".repeat(255), 80).domainBytes()).hasSize(255);
        assertThatThrownBy(() -> SocksAddress.domain(null, 80)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void domainOutsideLatin1IsRejectedButLatin1BytesArePreserved() {
        assertThatThrownBy(() -> SocksAddress.domain("bücher.日本", 80))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xn--");
        assertThatThrownBy(() -> SocksAddress.domain("\u0100", 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocksAddress.domain("\uD83D\uDE00.example", 80))
                .isInstanceOf(IllegalArgumentException.class);
        // Latin-1 maps byte for byte, so any received byte string re-encodes exactly.
        assertThat(SocksAddress.domain("bücher.example", 80).domainBytes())
                .containsExactly('b', 0xFC, 'c', 'h', 'e', 'r', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e');
    }

    @Test
    void typeFollowsTheAddressClass() {
        assertThat(SocksAddress.of(ipv4(10, 0, 0, 1), 1).type()).isEqualTo(AddressType.IPV4);
        assertThat(SocksAddress.of(ipv6Documentation(), 1).type()).isEqualTo(AddressType.IPV6);
        assertThat(SocksAddress.of(ipv4Mapped(), 1).type()).isEqualTo(AddressType.IPV6);
        assertThat(SocksAddress.domain("example.com", 1).type()).isEqualTo(AddressType.DOMAIN);
        assertThat(SocksAddress.domain("example.com", 1).isDomain()).isTrue();
        assertThat(SocksAddress.of(ipv4(10, 0, 0, 1), 1).isDomain()).isFalse();
    }

    @Test
    void jdkParsingCollapsesIpv4MappedTextToIpv4() throws Exception {
        // A note for callers rather than a codec property: InetAddress.getByName turns "::ffff:a.b.c.d" into an
        // Inet4Address, so such an address goes out as ATYP 1. Only an Inet6Address keeps ATYP 4.
        InetAddress parsed = InetAddress.getByName("::ffff:192.0.2.33");
        assertThat(parsed).isInstanceOf(Inet4Address.class);
        assertThat(SocksAddress.of(parsed, 1).type()).isEqualTo(AddressType.IPV4);
    }

    @Test
    void toStringBracketsIpv6Only() {
        assertThat(SocksAddress.of(ipv4(192, 0, 2, 1), 80)).hasToString("192.0.2.1:80");
        assertThat(SocksAddress.of(ipv6Documentation(), 443)).hasToString("[2001:db8:0:0:0:ff00:42:8329]:443");
        assertThat(SocksAddress.of(ipv4Mapped(), 443)).hasToString("[0:0:0:0:0:ffff:c000:221]:443");
        assertThat(SocksAddress.domain("example.com", 8080)).hasToString("example.com:8080");
    }

    @Test
    void toSocketAddress() {
        InetSocketAddress ip = SocksAddress.of(ipv6Documentation(), 443).toSocketAddress();
        assertThat(ip.isUnresolved()).isFalse();
        assertThat(ip.getAddress()).isEqualTo(ipv6Documentation());
        assertThat(ip.getPort()).isEqualTo(443);

        InetSocketAddress name = SocksAddress.domain("example.invalid", 80).toSocketAddress();
        assertThat(name.isUnresolved()).isTrue();
        assertThat(name.getHostString()).isEqualTo("example.invalid");
        assertThat(name.getPort()).isEqualTo(80);
    }

    @Test
    void ofSocketAddressUsesTheIpOrTheUnresolvedName() throws Exception {
        InetAddress named = InetAddress.getByAddress("host.example", new byte[] {10, 1, 2, 3});
        SocksAddress fromResolved = SocksAddress.of(new InetSocketAddress(named, 22));
        assertThat(fromResolved).isEqualTo(SocksAddress.of(ipv4(10, 1, 2, 3), 22));
        assertThat(fromResolved.host()).isEqualTo("10.1.2.3");

        SocksAddress fromUnresolved = SocksAddress.of(InetSocketAddress.createUnresolved("example.com", 443));
        assertThat(fromUnresolved).isEqualTo(SocksAddress.domain("example.com", 443));
    }

    @Test
    void unspecifiedIpv4IsAllZero() {
        SocksAddress zero = SocksAddress.unspecifiedIpv4();
        assertThat(zero.type()).isEqualTo(AddressType.IPV4);
        assertThat(zero.address().getAddress()).containsExactly(0, 0, 0, 0);
        assertThat(zero.port()).isZero();
        assertThat(zero).hasToString("0.0.0.0:0");
    }
}
