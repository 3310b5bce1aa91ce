package dev.argyle.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argyle.protocol.Command;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.Session;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every event is one line of valid JSON; the access log's fields are typed members, escaped correctly. */
class JsonLineEncoderTest {
    /** Quotes, a backslash, a tab, a newline, DEL, a C0 control, and non-ASCII: all legal in a SOCKS5 name. */
    private static final String NASTY = "ev\"il\\host\t\n\u007f\u0001é.example";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Logger access;
    private Logger server;

    @BeforeEach
    void logTo() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what LoggerFactory's own context gets at start
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
        access = context.getLogger(AccessLog.LOGGER);
        server = context.getLogger("dev.argyle.server.Example");
    }

    @Test
    void accessLogFieldsAreTypedMembersAndAHostileNameStaysValidJson() throws Exception {
        Session s = new Session(new InetSocketAddress("127.0.0.1", 1080), new InetSocketAddress("127.0.0.1", 40000));
        s.version(5);
        s.authMethod("none");
        s.request(Command.CONNECT, SocksAddress.domain(NASTY, 443));
        s.reply("0x04");
        s.rule("default");
        s.route("direct");
        s.addUp(517);
        s.addDown(5210);
        s.error("name \"x\" does not resolve");
        new AccessLog(access).closed(s);

        JsonNode line = onlyLine();
        assertThat(line.get("logger").asText()).isEqualTo("argyle.access");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.has("message")).as("the fields are the record").isFalse();
        assertThat(line.get("id").isIntegralNumber()).isTrue();
        assertThat(line.get("id").asLong()).isEqualTo(s.id());
        assertThat(line.get("ver").isIntegralNumber()).isTrue();
        assertThat(line.get("ver").asInt()).isEqualTo(5);
        assertThat(line.get("up").isIntegralNumber()).isTrue();
        assertThat(line.get("up").asLong()).isEqualTo(517);
        assertThat(line.get("down").asLong()).isEqualTo(5210);
        assertThat(line.get("down").isIntegralNumber()).isTrue();
        assertThat(line.get("ms").isIntegralNumber()).isTrue();
        assertThat(line.get("client").asText()).isEqualTo("127.0.0.1:40000");
        assertThat(line.get("listener").asText()).isEqualTo("127.0.0.1:1080");
        assertThat(line.get("dst").asText()).isEqualTo(NASTY + ":443");
        assertThat(line.get("cmd").asText()).isEqualTo("connect");
        assertThat(line.get("reply").asText()).isEqualTo("0x04");
        assertThat(line.get("rule").asText()).isEqualTo("default");
        assertThat(line.get("error").asText()).isEqualTo("name \"x\" does not resolve");
        assertThat(line.get("user").isNull()).as("none is null, not \"-\"").isTrue();
        assertThat(line.get("resolved").isNull()).isTrue();
        assertThat(line.get("dgrams_up").isNull()).as("not UDP").isTrue();
        assertThat(line.get("start").asText()).endsWith("Z");
    }

    @Test
    void anOrdinaryLineKeepsItsMessageAndStackTrace() throws Exception {
        server.warn("reload refused: {}", "line 3: \"idel\"\\ unknown\nkey\u0000", new IllegalStateException("boom"));

        JsonNode line = onlyLine();
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("logger").asText()).isEqualTo("dev.argyle.server.Example");
        assertThat(line.get("message").asText()).isEqualTo("reload refused: line 3: \"idel\"\\ unknown\nkey\u0000");
        assertThat(line.get("exception").asText()).contains("java.lang.IllegalStateException: boom");
        assertThat(line.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(line.get("ts").asText()).endsWith("Z");
    }

    @Test
    void eachEventIsExactlyOneLine() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.info("event {}\nwith a newline", i);
        }
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2).get("message").asText()).isEqualTo("event 2\nwith a newline");
    }

    private JsonNode onlyLine() throws Exception {
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    private List<JsonNode> lines() throws Exception {
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        List<JsonNode> parsed = new ArrayList<>();
        for (String l : text.split("\n")) {
            parsed.add(JSON.readTree(l));
        }
        return parsed;
    }
}
