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
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Flag values read with the same parsers as the config file, so that {@code --idle-timeout 5m} and
 * {@code idle: 5m} accept exactly the same spellings and fail with the same words.
 */
final class Converters {
    private Converters() {
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationParser.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** For the one flag that takes microseconds ({@code --spin 20us}). */
    static final class MicrosDurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationParser.parseWithMicros(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class HostPortConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            try {
                return HostPort.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class AuthModeConverter implements ITypeConverter<AuthMode> {
        @Override
        public AuthMode convert(String value) {
            try {
                return AuthMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ControlSocketConverter implements ITypeConverter<ControlSocketConfig> {
        @Override
        public ControlSocketConfig convert(String value) {
            try {
                return ControlSocketConfig.parse(value, null);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class IdentModeConverter implements ITypeConverter<IdentMode> {
        @Override
        public IdentMode convert(String value) {
            try {
                return IdentMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class TransportConverter implements ITypeConverter<EventLoopConfig.TransportChoice> {
        @Override
        public EventLoopConfig.TransportChoice convert(String value) {
            try {
                return EventLoopConfig.TransportChoice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class LogFormatConverter implements ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            try {
                return LogFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
