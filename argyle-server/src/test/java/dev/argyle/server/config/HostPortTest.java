package dev.argyle.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HostPortTest {
    @ParameterizedTest
    @CsvSource({
            "127.0.0.1:1080, 127.0.0.1:1080",
            "0.0.0.0:0, 0.0.0.0:0",
            "' 10.1.2.3:65535 ', 10.1.2.3:65535",
            "[::1]:1080, [::1]:1080",
            "[::]:1080, [::]:1080",
            "[0:0:0:0:0:0:0:1]:9, [::1]:9",
            "[2001:DB8:0:0:1:0:0:1]:1, [2001:db8::1:0:0:1]:1",
            "[2001:db8:0:1:1:1:1:1]:1, [2001:db8:0:1:1:1:1:1]:1",
    })
    void parsesLiteralsAndFormatsThemBack(String text, String formatted) {
        InetSocketAddress a = HostPort.parse(text);
        assertThat(a.isUnresolved()).isFalse();
        assertThat(HostPort.format(a)).isEqualTo(formatted);
    }

    @Test
    void resolvesHostNames() throws Exception {
        InetSocketAddress a = HostPort.parse("localhost:1080");
        assertThat(a.getAddress()).isEqualTo(InetAddress.getByName("localhost"));
        assertThat(a.getPort()).isEqualTo(1080);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1         | no port",
            "127.0.0.1:        | port must be a number from 0 to 65535, got ''",
            "127.0.0.1:65536   | port must be a number from 0 to 65535, got '65536'",
            "127.0.0.1:-1      | port must be a number from 0 to 65535",
            ":1080             | no host; use 0.0.0.0",
            "::1:1080          | IPv6 addresses go in brackets: [::1]:1080",
            "[1.2.3.4]:80      | '1.2.3.4' in brackets is not an IPv6 address",
            "[nope]:80         | 'nope' in brackets is not an IPv6 address",
            "256.1.1.1:80      | '256.1.1.1' is neither an IP address nor a host name",
            "127.1:80          | '127.1' is neither an IP address nor a host name",
            "bad_host!:80      | is neither an IP address nor a host name",
            "no-such-host.invalid:80 | cannot resolve host name 'no-such-host.invalid'",
    })
    void explainsWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
