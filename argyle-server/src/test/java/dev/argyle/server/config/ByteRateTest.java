package dev.argyle.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRateTest {
    @Test
    void readsByteAndBitUnits() {
        assertThat(ByteRate.parse("0")).isZero();
        assertThat(ByteRate.parse("512KiB/s")).isEqualTo(512 * 1024);
        assertThat(ByteRate.parse("10MB/s")).isEqualTo(10_000_000);
        assertThat(ByteRate.parse("10 MiB/s")).isEqualTo(10 * 1024 * 1024);
        assertThat(ByteRate.parse("1.5MiB/s")).isEqualTo(1536 * 1024);
        assertThat(ByteRate.parse("100Mbit/s")).isEqualTo(12_500_000);
        assertThat(ByteRate.parse("1Gbit/s")).isEqualTo(125_000_000);
        assertThat(ByteRate.parse("64kbit/s")).isEqualTo(8000);
        assertThat(ByteRate.parse("2GB/s")).isEqualTo(2_000_000_000L);
        assertThat(ByteRate.parse("1GiB/s")).isEqualTo(1L << 30);
        assertThat(ByteRate.parse("4096B/s")).isEqualTo(4096);
        assertThat(ByteRate.parse("8kB/s")).isEqualTo(8000);
    }

    @Test
    void refusesAmbiguousOrMissingUnitsWithAHint() {
        assertThatThrownBy(() -> ByteRate.parse("1024")).hasMessageContaining("(add a unit, e.g. 1024KiB/s)");
        assertThatThrownBy(() -> ByteRate.parse("10mb/s")).hasMessageContaining("write B for bytes");
        assertThatThrownBy(() -> ByteRate.parse("10Mb/s")).hasMessageContaining("write B for bytes");
        assertThatThrownBy(() -> ByteRate.parse("10 furlongs/s")).hasMessageContaining("unknown unit");
        assertThatThrownBy(() -> ByteRate.parse("10MB")).hasMessageContaining("expected a rate such as 512KiB/s");
        assertThatThrownBy(() -> ByteRate.parse("-1MB/s")).hasMessageContaining("expected a rate");
    }

    @Test
    void refusesRatesOutsideTheRange() {
        assertThatThrownBy(() -> ByteRate.parse("100B/s")).hasMessageContaining("is outside 1kB/s to 1TB/s");
        assertThatThrownBy(() -> ByteRate.parse("2000GB/s")).hasMessageContaining("is outside");
    }

    @Test
    void formatReadsBack() {
        for (long n : new long[] {0, 1024, 1000, 1536 * 1024, 12_500_000, 1L << 30, 4097, 3_000_000_000L}) {
            assertThat(ByteRate.parse(ByteRate.format(n))).as(ByteRate.format(n)).isEqualTo(n);
        }
        assertThat(ByteRate.format(256 * 1024)).isEqualTo("256KiB/s");
        assertThat(ByteRate.format(10_000_000)).isEqualTo("10MB/s");
    }
}
