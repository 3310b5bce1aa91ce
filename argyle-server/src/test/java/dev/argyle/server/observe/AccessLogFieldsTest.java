package dev.argyle.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The structured fields match the text line key for key, typed, with null where the line has "-". */
class AccessLogFieldsTest {
    @Test
    void udpSessionHasTypedDatagramCountsAndTheLinesKeysInOrder() {
        Session s = new Session(new InetSocketAddress("127.0.0.1", 1080), new InetSocketAddress("127.0.0.1", 40000));
        s.version(5);
        s.authMethod("password");
        s.user("alice smith");
        s.request(Command.UDP_ASSOCIATE, SocksAddress.domain("a b.example", 53));
        s.reply("0x00");
        s.addDatagramsUp(3);
        s.addDatagramsDown(2);
        s.addDatagramsDropped(1);

        Map<String, Object> f = AccessLogFields.of(s);

        assertThat(f.get("id")).isEqualTo(s.id());
        assertThat(f.get("ver")).isEqualTo(5);
        assertThat(f.get("user")).as("unescaped").isEqualTo("alice smith");
        assertThat(f.get("dst")).isEqualTo("a b.example:53");
        assertThat(f.get("cmd")).isEqualTo("udp");
        assertThat(f.get("dgrams_up")).isEqualTo(3L);
        assertThat(f.get("dgrams_down")).isEqualTo(2L);
        assertThat(f.get("dropped")).isEqualTo(1L);
        assertThat(f.get("dsts")).isEqualTo(0L);
        assertThat(f.get("up")).isEqualTo(0L);
        assertThat(f.get("ms")).isInstanceOf(Long.class);
        assertThat(f.get("ident")).isNull();
        assertThat(f.get("resolved")).isNull();
        assertThat(f.get("error")).isNull();
        // Every key of the text line is there (dgrams split in two), in the line's order.
        String line = AccessLog.format(s);
        StringBuilder keys = new StringBuilder();
        for (String pair : line.split(" ")) {
            String key = pair.substring(0, pair.indexOf('='));
            keys.append(key.equals("dgrams") ? "dgrams_up dgrams_down" : key).append(' ');
        }
        assertThat(String.join(" ", f.keySet())).isEqualTo(keys.toString().strip());
    }
}
