package dev.argyle.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.SocksAddress;
import dev.argyle.server.RunningServer;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.ScriptedSocksClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics after real sessions: the series exist and count what happened. */
class AdminMetricsTest {
    @Test
    void metricsCountSessionsBytesRefusalsAuthFailuresAndLatencies(@TempDir Path dir) throws Exception {
        try (EchoServer echo = EchoServer.onLoopback();
             RunningServer server = RunningServer.start(AdminSetup.config(dir, true, Duration.ofSeconds(10)))) {
            AdminHttp http = new AdminHttp(server.server().adminAddress());
            byte[] data = new byte[10_000];
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                // By name, so that the resolver is timed too.
                assertThat(c.connect5(SocksAddress.domain("localhost", echo.port()), "alice", "secret").reply())
                        .isEqualTo(ReplyCode.SUCCEEDED);
                c.echo(data);
            }
            Session ok = server.sessions().next();
            assertThat(ok.reply()).isEqualTo("0x00");
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                c.connect5(SocksAddress.of(echo.address()), "mallory", "guess");
            } catch (IOException expected) {
                assertThat(expected).hasMessageContaining("authentication failed");
            }
            assertThat(server.sessions().next().error()).isEqualTo("authentication failed");
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                // The default rules keep clients away from cloud metadata addresses.
                assertThat(c.connect5(SocksAddress.domain("169.254.169.254", 80), "bob", "hunter2").reply())
                        .isEqualTo(ReplyCode.NOT_ALLOWED);
            }
            Session blocked = server.sessions().next();
            assertThat(blocked.rule()).isEqualTo("default");

            HttpResponse<String> r = http.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            PrometheusText m = new PrometheusText(r.body());
            assertThat(m.require("argyle_sessions_total", "command", "connect", "reply", "0x00", "version", "5"))
                    .isEqualTo(1.0);
            assertThat(m.require("argyle_sessions_total", "command", "connect", "reply", "0x02", "version", "5"))
                    .isEqualTo(1.0);
            assertThat(m.require("argyle_sessions_total", "command", "-", "reply", "-", "version", "5")).isEqualTo(1.0);
            assertThat(m.require("argyle_transferred_bytes_total", "direction", "up")).isEqualTo(10_000.0);
            assertThat(m.require("argyle_transferred_bytes_total", "direction", "down")).isEqualTo(10_000.0);
            assertThat(m.require("argyle_user_transferred_bytes_total", "direction", "up", "user", "alice"))
                    .isEqualTo(10_000.0);
            assertThat(m.require("argyle_user_sessions_total", "user", "alice")).isEqualTo(1.0);
            // Only proven names get series: a failed login's name (or a SOCKS4 user ID) would let anyone add series.
            assertThat(m.toString()).doesNotContain("mallory");
            assertThat(m.require("argyle_auth_failures_total")).isEqualTo(1.0);
            assertThat(m.require("argyle_refusals_total", "reason", "auth", "rule", "-")).isEqualTo(1.0);
            assertThat(m.require("argyle_refusals_total", "reason", "rule", "rule", "default")).isEqualTo(1.0);
            assertThat(m.require("argyle_handshake_seconds_count", "version", "5")).isEqualTo(2.0);
            assertThat(m.require("argyle_handshake_seconds_bucket", "le", "30.0", "version", "5")).isEqualTo(2.0);
            assertThat(m.require("argyle_connect_seconds_count", "command", "connect", "outcome", "ok")).isEqualTo(1.0);
            assertThat(m.require("argyle_connect_seconds_count", "command", "connect", "outcome", "failed"))
                    .isEqualTo(1.0);
            assertThat(m.require("argyle_resolve_seconds_count", "outcome", "ok")).isEqualTo(1.0);
            assertThat(m.require("argyle_udp_dropped_total", "reason", "malformed")).isZero();
            assertThat(m.require("argyle_udp_datagrams_total", "direction", "up")).isZero();
            assertThat(m.require("argyle_limit_refusals_total", "limit", "max-sessions")).isZero();
            assertThat(m.require("argyle_sessions_open")).isZero();
            assertThat(heapPools(m).stream().mapToDouble(pool -> m.require("jvm_memory_used_bytes", "area", "heap",
                    "id", pool)).sum()).isPositive();
            assertThat(m.value("jvm_buffer_memory_used_bytes", "id", "direct")).isPresent();
            assertThat(m.value("argyle_netty_allocator_used_bytes", "allocator", "AdaptiveByteBufAllocator",
                    "memory", "direct")).isPresent();
            assertThat(m.require("argyle_netty_direct_max_bytes")).isPositive();
        }
    }

    @Test
    void perUserSeriesOnlyWhenAsked(@TempDir Path dir) throws Exception {
        try (EchoServer echo = EchoServer.onLoopback(); RunningServer server = RunningServer.start(AdminSetup.config(dir))) {
            try (ScriptedSocksClient c = new ScriptedSocksClient(server.address())) {
                assertThat(c.connect5(SocksAddress.of(echo.address()), "alice", "secret").reply())
                        .isEqualTo(ReplyCode.SUCCEEDED);
                c.echo(new byte[100]);
            }
            server.sessions().next();
            String text = new AdminHttp(server.server().adminAddress()).get("/metrics").body();
            assertThat(new PrometheusText(text).require("argyle_transferred_bytes_total", "direction", "up"))
                    .isEqualTo(100.0);
            assertThat(text).doesNotContain("alice").doesNotContain("argyle_user_");
        }
    }

    /** The heap pools' names, whichever collector the JVM runs (one of them may be empty at any moment). */
    private static java.util.List<String> heapPools(PrometheusText m) {
        java.util.regex.Matcher x = java.util.regex.Pattern
                .compile("jvm_memory_used_bytes\\{area=\"heap\",id=\"([^\"]+)\"}").matcher(m.toString());
        java.util.List<String> pools = new java.util.ArrayList<>();
        while (x.find()) {
            pools.add(x.group(1));
        }
        assertThat(pools).as("heap pools in jvm_memory_used_bytes").isNotEmpty();
        return pools;
    }
}
