package dev.argyle.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small matchers rules are built from, one table each. */
class MatcherTest {
    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8         | 10.0.0.0                  | true
            10.0.0.0/8         | 10.255.255.255            | true
            10.0.0.0/8         | 11.0.0.0                  | false
            10.0.0.0/8         | 9.255.255.255             | false
            172.16.0.0/12      | 172.31.1.1                | true
            172.16.0.0/12      | 172.32.0.1                | false
            169.254.0.0/16     | 169.254.169.254           | true
            192.168.1.0/24     | 192.168.1.77              | true
            192.168.1.0/24     | 192.168.2.77              | false
            10.1.2.3           | 10.1.2.3                  | true
            10.1.2.3           | 10.1.2.4                  | false
            10.1.2.3/32        | 10.1.2.3                  | true
            0.0.0.0/0          | 203.0.113.9               | true
            0.0.0.0/0          | ::1                       | false
            127.0.0.0/8        | 127.8.9.10                | true
            10.0.0.0/8         | ::ffff:10.1.2.3           | true
            ::ffff:10.0.0.0/104| 10.200.0.1                | true
            ::ffff:10.0.0.0/104| 11.0.0.1                  | false
            ::1                | ::1                       | true
            ::1                | 0:0:0:0:0:0:0:1           | true
            ::1                | ::2                       | false
            ::1                | 127.0.0.1                 | false
            fe80::/10          | fe80::1                   | true
            fe80::/10          | febf:ffff::1              | true
            fe80::/10          | fec0::1                   | false
            fc00::/7           | fd00:ec2::254             | true
            fc00::/7           | fe00::1                   | false
            2001:db8::/32      | 2001:db8:ffff::1          | true
            2001:db8::/32      | 2001:db9::1               | false
            [2001:db8::]/32    | 2001:db8::5               | true
            ::/0               | 2001:db8::1               | true
            ::/0               | 10.0.0.1                  | false
            """)
    void cidrContains(String cidr, String address, boolean expected) throws Exception {
        assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8            | 10.0.0.0/8
            10.1.2.3              | 10.1.2.3
            10.1.2.3/32           | 10.1.2.3
            ' 10.0.0.0/8 '        | 10.0.0.0/8
            0:0:0:0:0:0:0:1       | ::1
            FE80::/10             | fe80::/10
            fd00:ec2:0:0:0:0:0:254| fd00:ec2::254
            ::ffff:10.0.0.0/104   | 10.0.0.0/8
            2001:db8:0:1:0:0:0:1  | 2001:db8:0:1::1
            """)
    void cidrParsesAndPrints(String text, String printed) {
        assertThat(Cidr.parse(text)).hasToString(printed);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.1/8      | has bits set after the prefix; the block is 10.0.0.0/8
            10.0.0.0/33     | prefix /33 is outside 0-32
            ::/129          | prefix /129 is outside 0-128
            10.0.0.0/x      | the prefix length after '/' must be a number
            10.0.0          | is not an IP address or block
            256.0.0.0/8     | is not an IP address or block
            example.com/8   | is not an IP address or block
            fe80::1%eth0    | is not an IP address or block
            1:2             | is not an IP address or block
            """)
    void cidrRefusesNonsense(String text, String message) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            db.internal      | db.internal      | true
            db.internal      | DB.Internal.     | true
            db.internal.     | db.internal      | true
            db.internal      | x.db.internal    | false
            db.internal      | db.internal.evil | false
            *.example.com    | a.example.com    | true
            *.example.com    | a.b.example.com  | true
            *.Example.COM    | A.EXAMPLE.com    | true
            *.example.com    | example.com      | false
            *.example.com    | badexample.com   | false
            *.example.com    | example.com.evil | false
            *.example.com    | .example.com     | false
            """)
    void hostPatterns(String pattern, String host, boolean expected) {
        assertThat(HostPattern.parse(pattern).matches(host)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            *                | leave 'to' out
            a.*.example.com  | is not a host name or a wildcard
            exa mple.com     | is not a host name or a wildcard
            -bad.example     | is not a host name or a wildcard
            """)
    void hostPatternRefusesNonsense(String text, String message) {
        assertThatThrownBy(() -> HostPattern.parse(text)).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            80              | 80    | true
            80              | 81    | false
            80,443          | 443   | true
            80,443          | 444   | false
            80,443,8000-8999| 8000  | true
            80,443,8000-8999| 8500  | true
            80,443,8000-8999| 8999  | true
            80,443,8000-8999| 9000  | false
            80,443,8000-8999| 7999  | false
            ' 1 - 1023 , 3128'| 22  | true
            0-65535         | 65535 | true
            """)
    void portRanges(String ranges, int port, boolean expected) {
        assertThat(PortRanges.parse(ranges).contains(port)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            http
            80,
            90-80
            65536
            -5
            ''
            """)
    void portRangesRefuseNonsense(String text) {
        assertThatThrownBy(() -> PortRanges.parse(text == null ? "" : text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1       | LOOPBACK
            127.9.9.9       | LOOPBACK
            ::1             | LOOPBACK
            ::ffff:127.0.0.1| LOOPBACK
            169.254.1.1     | LINK_LOCAL
            fe80::1         | LINK_LOCAL
            10.1.1.1        | PRIVATE
            172.20.0.1      | PRIVATE
            192.168.0.10    | PRIVATE
            100.64.0.1      | PRIVATE
            fd12::1         | PRIVATE
            192.0.2.2       | PUBLIC
            8.8.8.8         | PUBLIC
            2001:db8::1     | PUBLIC
            """)
    void networkScopes(String address, NetworkScope scope) throws Exception {
        assertThat(NetworkScope.of(InetAddress.getByName(address))).isEqualTo(scope);
    }

    /** {@code from: listener-network}: the client's scope no wider than the address it connected to. */
    @ParameterizedTest(name = "client {1} on {0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1     | 127.0.0.1     | true
            127.0.0.1     | ::1           | true
            127.0.0.2     | 127.0.0.1     | true
            127.0.0.1     | 192.168.1.9   | false
            127.0.0.1     | 203.0.113.9   | false
            192.168.1.5   | 192.168.1.9   | true
            192.168.1.5   | 10.9.9.9      | true
            192.168.1.5   | 169.254.3.3   | true
            192.168.1.5   | 127.0.0.1     | true
            192.168.1.5   | 203.0.113.9   | false
            fd00::2       | fd00::9       | true
            fd00::2       | 2001:db8::9   | false
            169.254.1.1   | 169.254.2.2   | true
            169.254.1.1   | 10.0.0.1      | false
            192.0.2.2     | 203.0.113.9   | true
            192.0.2.2     | 10.0.0.1      | true
            """)
    void listenerNetwork(String local, String client, boolean expected) throws Exception {
        SessionFacts facts = SessionFacts.onAccept(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 1080),
                new InetSocketAddress(InetAddress.getByName(local), 1080),
                new InetSocketAddress(InetAddress.getByName(client), 40000));
        assertThat(Source.parse("listener-network").matchesClient(facts)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is a {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8     | Cidr
            ::1            | Cidr
            db.internal    | HostPattern
            *.example.com  | HostPattern
            listeners      | OwnListeners
            LISTENERS      | OwnListeners
            listeners.     | HostPattern
            """)
    void targetKinds(String text, String kind) {
        assertThat(Target.parse(text).getClass().getSimpleName()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "from {0}")
    @CsvSource(delimiter = '|', textBlock = """
            db.internal    | clients are matched by address, not by name
            *.example.com  | clients are matched by address, not by name
            10.0.0.300     | is not an IP address or block
            """)
    void sourcesAreAddressesOnly(String text, String message) {
        assertThatThrownBy(() -> Source.parse(text)).hasMessageContaining(message);
    }
}
