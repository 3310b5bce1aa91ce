package dev.argyle.server.gssapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.protocol.gssapi.GssClientExchange;
import dev.argyle.protocol.gssapi.GssFrame;
import dev.argyle.server.RunningServer;
import dev.argyle.server.config.AuthMode;
import dev.argyle.server.config.GssapiConfig;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.observe.AccessLog;
import dev.argyle.server.observe.Session;
import dev.argyle.testkit.EchoServer;
import dev.argyle.testkit.TestKdc;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ticket's validity period, checked by the acceptor (RFC 4120 section 3.2.3: KRB_AP_ERR_TKT_EXPIRED when
 * the end time has passed, KRB_AP_ERR_TKT_NYV before the start time, both beyond the clock skew the JDK allows,
 * 5 minutes by default). The JDK initiator will not present such tickets, so the tokens are built by hand
 * ({@link HandBuiltApReq}): a ticket sealed with the server's key from its keytab, with a fresh authenticator.
 * The control test sends the same construction with a valid ticket and gets the server's AP-REP, so a refusal
 * is the ticket's times and nothing else.
 */
class TicketLifetimeTest {
    private static final String SERVICE = "rcmd/localhost";
    private static Path keytab;

    private EchoServer echo;
    private RunningServer server;

    @BeforeAll
    static void realm() {
        keytab = TestKdc.shared().keytab("ticket-lifetime.keytab", SERVICE);
    }

    @BeforeEach
    void start() throws Exception {
        echo = EchoServer.onLoopback();
        ServerConfig config = RunningServer.config(AuthMode.GSSAPI, null)
                .withGssapi(GssapiConfig.defaults().withKeytab(keytab));
        server = RunningServer.start(config);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        echo.close();
    }

    @Test
    void validHandBuiltTicketIsAcceptedAndAnsweredWithAnApRep() throws Exception {
        Instant now = Instant.now();
        HandBuiltApReq apReq = ticket(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)));
        try (GssClient c = new GssClient(server.address())) {
            assertThat(c.greet()).isEqualTo(0x01);
            c.out.write(GssFrame.context(apReq.token()).toBytes());
            c.out.flush();
            GssFrame reply = GssClientExchange.read(c.raw);
            assertThat(reply.type()).isEqualTo(GssFrame.CONTEXT);
            // The AP-REP opens with our session key and echoes our authenticator's time.
            assertThat(apReq.openReply(reply.token())).isBetween(now.minusSeconds(1), Instant.now());
        }
        assertThat(echo.accepted()).isZero();
    }

    @Test
    void expiredTicketIsRefusedWithoutContactingTheDestination() throws Exception {
        Instant now = Instant.now();
        // Ended an hour ago: well past the 5-minute skew the acceptor allows after the end time.
        HandBuiltApReq apReq = ticket(now.minus(Duration.ofHours(11)), now.minus(Duration.ofHours(1)));
        assertRefused(apReq, "Ticket expired (32)"); // KRB_AP_ERR_TKT_EXPIRED
    }

    @Test
    void ticketNotYetValidIsRefused() throws Exception {
        Instant now = Instant.now();
        HandBuiltApReq apReq = ticket(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(11)));
        assertRefused(apReq, "Ticket not yet valid (33)"); // KRB_AP_ERR_TKT_NYV
    }

    @Test
    void ticketThatEndedWithinTheClockSkewIsStillAccepted() throws Exception {
        Instant now = Instant.now();
        HandBuiltApReq apReq = ticket(now.minus(Duration.ofHours(10)), now.minus(Duration.ofMinutes(1)));
        try (GssClient c = new GssClient(server.address())) {
            c.greet();
            c.out.write(GssFrame.context(apReq.token()).toBytes());
            c.out.flush();
            GssFrame reply = GssClientExchange.read(c.raw);
            assertThat(reply.type()).isEqualTo(GssFrame.CONTEXT);
            apReq.openReply(reply.token());
        }
    }

    private void assertRefused(HandBuiltApReq apReq, String reason) throws Exception {
        try (GssClient c = new GssClient(server.address())) {
            assertThat(c.greet()).isEqualTo(0x01);
            c.out.write(GssFrame.context(apReq.token()).toBytes());
            c.out.flush();
            assertThat(GssClientExchange.read(c.raw)).isEqualTo(GssFrame.ABORT_FRAME);
            assertThat(c.closedByServer()).isTrue();
        }
        Session s = server.sessions().next(Duration.ofSeconds(10));
        assertThat(s.error()).contains("GSS-API context", reason);
        assertThat(s.user()).isNull();
        assertThat(AccessLog.format(s)).contains("auth=gssapi", "cmd=-", reason.replace(' ', '_'));
        assertThat(echo.accepted()).isZero();
    }

    private static HandBuiltApReq ticket(Instant start, Instant end) throws Exception {
        return HandBuiltApReq.build(keytab, TestKdc.REALM, SERVICE, "alice", start, end);
    }
}
