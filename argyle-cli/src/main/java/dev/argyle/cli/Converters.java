package dev.argyle.cli;

import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.ControlSocketConfig;
import dev.argyle.server.config.DurationParser;
import dev.argyle.server.config.EventLoopConfig;
import dev.argyle.server.config.HostPort;
import dev.argyle.server.config.IdentMode;
import dev.argyle.server.config.LogFormat;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Flag values read with the same parsers as the config file, so that {@code --idle-timeout 5m} and
 * {@code idle: 5m} accept exactly the same spellings and fail with the same words.
 */
final class Converters {
    private Converters() {
    }

    /** A parser's {@code IllegalArgumentException} becomes picocli's usage error, with the parser's words. */
    private abstract static class Parsed<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;

        Parsed(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public final T convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class DurationConverter extends Parsed<Duration> {
        DurationConverter() {
            super(DurationParser::parse);
        }
    }

    /** For the one flag that takes microseconds ({@code --spin 20us}). */
    static final class MicrosDurationConverter extends Parsed<Duration> {
        MicrosDurationConverter() {
            super(DurationParser::parseWithMicros);
        }
    }

    static final class HostPortConverter extends Parsed<InetSocketAddress> {
        HostPortConverter() {
            super(HostPort::parse);
        }
    }

    static final class AuthModeConverter extends Parsed<AuthMode> {
        AuthModeConverter() {
            super(AuthMode::parse);
        }
    }

    static final class ControlSocketConverter extends Parsed<ControlSocketConfig> {
        ControlSocketConverter() {
            super(value -> ControlSocketConfig.parse(value, null));
        }
    }

    static final class IdentModeConverter extends Parsed<IdentMode> {
        IdentModeConverter() {
            super(IdentMode::parse);
        }
    }

    static final class TransportConverter extends Parsed<EventLoopConfig.TransportChoice> {
        TransportConverter() {
            super(EventLoopConfig.TransportChoice::parse);
        }
    }

    static final class LogFormatConverter extends Parsed<LogFormat> {
        LogFormatConverter() {
            super(LogFormat::parse);
        }
    }
}
