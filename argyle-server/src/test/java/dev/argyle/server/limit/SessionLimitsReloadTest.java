package dev.argyle.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.config.LimitsConfig;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** {@link SessionLimits#reconfigured}: new values, the same counts; permits from before give their place back. */
class SessionLimitsReloadTest {
    private final InetAddress client = InetAddress.getLoopbackAddress();

    @Test
    void permitsFromBeforeTheReloadCountAndReleaseUnderTheNewValues() {
        SessionLimits before = new SessionLimits(new LimitsConfig(2, 0, 1, 0), new LimitCounters());
        Permit a = before.tryAcquireClient(client);
        Permit b = before.tryAcquireClient(client);
        Permit alice = before.tryAcquireUser("alice");

        SessionLimits after = before.reconfigured(new LimitsConfig(3, 2, 2, 0));
        assertThat(after.open()).isEqualTo(2);
        assertThat(after.counters()).isSameAs(before.counters());
        // Per client: the two open sessions already fill max-sessions-per-client 2.
        assertThat(after.tryAcquireClient(client).refusal()).isEqualTo(Limit.SESSIONS_PER_CLIENT);
        Permit alice2 = after.tryAcquireUser("alice");
        assertThat(alice2.granted()).isTrue();
        assertThat(after.tryAcquireUser("alice").refusal()).isEqualTo(Limit.SESSIONS_PER_USER);

        a.close();
        alice.close();
        assertThat(after.open()).isEqualTo(1);
        Permit c = after.tryAcquireClient(client);
        assertThat(c.granted()).isTrue();
        Permit alice3 = after.tryAcquireUser("alice");
        assertThat(alice3.granted()).isTrue();

        b.close();
        c.close();
        alice2.close();
        alice3.close();
        assertThat(after.open()).isZero();
        assertThat(before.open()).isZero();
        assertThat(after.trackedClients()).isZero();
        assertThat(after.counters().refused()).isEqualTo(2);
    }
}
