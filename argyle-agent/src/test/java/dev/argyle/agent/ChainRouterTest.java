package dev.argyle.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Which destination the chain is asked for: the program's name when it gave one, else the address. */
class ChainRouterTest {
    @Test
    void keepsTheNameTheProgramUsed() throws Exception {
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("db.internal", 5432);
        assertThat(ChainRouter.target(unresolved).isUnresolved()).isTrue();
        assertThat(ChainRouter.target(unresolved).getHostString()).isEqualTo("db.internal");

        // Resolved here (the JVM looked it up) but created from a name: the name still goes to the chain.
        InetAddress named = InetAddress.getByAddress("web.example", new byte[] {(byte) 192, 0, 2, 1});
        InetSocketAddress resolved = new InetSocketAddress(named, 80);
        assertThat(ChainRouter.target(resolved).isUnresolved()).isTrue();
        assertThat(ChainRouter.target(resolved).getHostString()).isEqualTo("web.example");
    }

    @Test
    void sendsALiteralAsAnAddress() throws Exception {
        InetSocketAddress literal = new InetSocketAddress(InetAddress.getByName("192.0.2.9"), 443);
        InetSocketAddress t = ChainRouter.target(literal);
        assertThat(t.isUnresolved()).isFalse();
        assertThat(t.getAddress().getHostAddress()).isEqualTo("192.0.2.9");
    }
}
