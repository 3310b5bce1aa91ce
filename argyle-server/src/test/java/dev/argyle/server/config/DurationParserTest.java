package dev.argyle.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {
    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "10s, PT10S", "5m, PT5M", "1h, PT1H", "2d, PT48H", "0, PT0S", "000, PT0S", "' 7s ', PT7S", "90s, PT1M30S"})
    void parses(String text, String iso) {
        assertThat(DurationParser.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "10", "20us", "1.5s", "-1s", "10sec", "5 minutes", "1m30s", "PT10S", "99999999999999999d"})
    void refusesWithTheAcceptedForms(String text) {
        assertThatThrownBy(() -> DurationParser.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(expected a duration such as 500ms, 10s, 5m, 1h or 0, got '.*'.*|duration too long: .*)");
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0", "PT0.5S, 500ms", "PT1.5S, 1500ms", "PT30S, 30s", "PT5M, 5m", "PT2H, 2h", "PT48H, 2d", "PT1M30S, 90s"})
    void formatsTheShortestSpellingThatParsesBack(String iso, String text) {
        assertThat(DurationParser.format(Duration.parse(iso))).isEqualTo(text);
        assertThat(DurationParser.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource({"20us, PT0.00002S", "0, PT0S", "1500us, PT0.0015S", "2ms, PT0.002S", "10s, PT10S"})
    void microsecondsWhereAskedFor(String text, String iso) {
        assertThat(DurationParser.parseWithMicros(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource({"PT0.00002S, 20us", "PT0.0015S, 1500us", "PT1000.0005S, 1000000500us"})
    void belowAMillisecondFormatsAsMicrosecondsThatParseBack(String iso, String text) {
        assertThat(DurationParser.format(Duration.parse(iso))).isEqualTo(text);
        assertThat(DurationParser.parseWithMicros(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20", "1.5us", "-1us", "20 micros"})
    void microsecondsRefusedWithTheAcceptedForms(String text) {
        assertThatThrownBy(() -> DurationParser.parseWithMicros(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected a duration such as 20us, 500ms, 10s or 0, got '");
    }
}
