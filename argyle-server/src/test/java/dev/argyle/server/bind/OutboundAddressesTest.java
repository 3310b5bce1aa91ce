package dev.argyle.server.bind;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class OutboundAddressesTest {
    @Test
    void remembersTheLatestAddressPerClient() throws Exception {
        OutboundAddresses map = new OutboundAddresses(8);
        InetAddress client = InetAddress.getByName("192.0.2.1");
        assertThat(map.lookup(client)).isNull();
        map.remember(client, new InetSocketAddress("198.51.100.1", 40000));
        map.remember(client, new InetSocketAddress("198.51.100.2", 40001));
        assertThat(map.lookup(client)).isEqualTo(InetAddress.getByName("198.51.100.2"));
    }

    @Test
    void staysWithinItsCapacity() throws Exception {
        OutboundAddresses map = new OutboundAddresses(16);
        for (int i = 0; i < 1000; i++) {
            map.remember(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}),
                    new InetSocketAddress("198.51.100.1", 1));
        }
        assertThat(map.size()).isEqualTo(16);
        InetAddress newest = InetAddress.getByAddress(new byte[] {10, 0, 3, (byte) 231});
        assertThat(map.lookup(newest)).isEqualTo(InetAddress.getByName("198.51.100.1"));
    }
}
