package dev.argyle.cli.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * A Logback encoder that writes each event as one JSON object on one line:
 *
 * <pre>
 * {"ts":"2026-11-25T09:47:11.953Z","level":"INFO","logger":"argyle.access","thread":"...","start":"...","id":1,...}
 * {"ts":"...","level":"WARN","logger":"dev.argyle.server.limit.LimitCounters","thread":"...","message":"..."}
 * </pre>
 *
 * An event with SLF4J key/value pairs (the access log) gets each pair as a member of its own, typed: a
 * {@link Number} as a JSON number, a {@link Boolean} as true/false, {@code null} as null, anything else as a
 * string; its message is then left out, the pairs being the record. Other events get {@code message}, and
 * {@code exception} with the stack trace when there is one. Jackson does the escaping, so quotes, backslashes,
 * control characters and non-ASCII text in a value still make valid JSON (UTF-8).
 *
 * <p>Logback's own {@code JsonEncoder} (1.5) writes key/value pairs only as strings inside a {@code kvpList} array,
 * which is why this one exists. Thread-safe: each call builds its own generator.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NONE = new byte[0];
    private final JsonFactory json = new JsonFactory();

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs == null || pairs.isEmpty()) {
                g.writeStringField("message", event.getFormattedMessage());
            } else {
                for (KeyValuePair p : pairs) {
                    g.writeFieldName(p.key);
                    writeValue(g, p.value);
                }
            }
            if (event.getThrowableProxy() != null) {
                g.writeStringField("exception", ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }
}
