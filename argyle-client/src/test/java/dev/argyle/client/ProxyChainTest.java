package dev.argyle.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link ProxyChain}'s own checks (the hop notation is tested with ProxyUri in argyle-protocol). */
class ProxyChainTest {
    @Test
    void chainToStringHasNoPasswords() {
        ProxyChain chain = ProxyChain.of("socks5://alice:hunter2@a:1", "socks4a://b", "socks5h://c:3");
        assertThat(chain.toString()).isEqualTo("socks5://alice@a:1 -> socks4a://b:1080 -> socks5h://c:3");
        assertThat(chain.size()).isEqualTo(3);
    }

    @Test
    void chainSettingsAreValidated() {
        ProxyChain chain = ProxyChain.of("socks5://a");
        assertThatThrownBy(() -> chain.withConnectTimeout(java.time.Duration.ZERO)).hasMessageContaining("positive");
        assertThatThrownBy(() -> chain.withMaxDatagramSize(-1)).hasMessageContaining("max datagram size");
        assertThatThrownBy(ProxyChain::of).hasMessageContaining("at least one hop");
    }
}
