package dev.argyle.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Command, AddressType and DecodeResult: the small shared vocabulary. */
class ValueTypesTest {

    @Test
    void commandConstantsAndUnknownCodes() {
        assertThat(Command.of(1)).isSameAs(Command.CONNECT);
        assertThat(Command.of(2)).isSameAs(Command.BIND);
        assertThat(Command.of(3)).isSameAs(Command.UDP_ASSOCIATE);
        assertThat(Command.CONNECT.isKnown()).isTrue();
        assertThat(Command.BIND.isKnown()).isTrue();
        assertThat(Command.UDP_ASSOCIATE.isKnown()).isTrue();
        assertThat(Command.of(0).isKnown()).isFalse();
        assertThat(Command.of(4).isKnown()).isFalse();
        assertThat(Command.of(0xFF).isKnown()).isFalse();
        assertThat(Command.of(0x7F)).isEqualTo(new Command(0x7F));
        assertThat(Command.CONNECT).hasToString("connect");
        assertThat(Command.BIND.label()).isEqualTo("bind");
        assertThat(Command.UDP_ASSOCIATE.label()).isEqualTo("udp");
        assertThat(Command.of(0x7F).label()).isEqualTo("cmd-0x7f");
        assertThatThrownBy(() -> new Command(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Command(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressTypeCodes() {
        assertThat(AddressType.fromCode(1)).isEqualTo(AddressType.IPV4);
        assertThat(AddressType.fromCode(3)).isEqualTo(AddressType.DOMAIN);
        assertThat(AddressType.fromCode(4)).isEqualTo(AddressType.IPV6);
        for (int code : new int[] {0, 2, 5, 0xFF}) {
            assertThat(AddressType.fromCode(code)).isNull();
        }
        assertThat(AddressType.IPV6.code()).isEqualTo(4);
    }

    @Test
    void decodeResultFactories() {
        assertThat(DecodeResult.<String>needMore()).isInstanceOf(DecodeResult.NeedMore.class);
        assertThat(DecodeResult.done("x")).isEqualTo(new DecodeResult.Done<>("x"));
        assertThat(DecodeResult.malformed("why"))
                .isEqualTo(new DecodeResult.Malformed<>(ReplyCode.GENERAL_FAILURE, "why"));
        assertThat(DecodeResult.malformed(ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED, "atyp"))
                .isEqualTo(new DecodeResult.Malformed<>(ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED, "atyp"));
    }
}
