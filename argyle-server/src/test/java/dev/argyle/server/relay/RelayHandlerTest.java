package dev.argyle.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayHandlerTest {
    private static final long AFTER = TcpRelay.DEFAULT_SPLICE_AFTER;

    @Test
    void bulkDirectionsMoveToSpliceOnceTheyHaveCarriedEnough() {
        assertThat(RelayHandler.spliceDue(AFTER, 64 * 1024, AFTER)).isTrue();
        assertThat(RelayHandler.spliceDue(AFTER - 1, 64 * 1024, AFTER)).as("not yet enough").isFalse();
    }

    @Test
    void smallMessagesStayOnTheCopyingPathHoweverMuchTheyCarry() {
        // An interactive session (64-byte messages) passes 128 KiB after ~2000 round trips; it must not splice.
        assertThat(RelayHandler.spliceDue(100L * 1024 * 1024, 64, AFTER)).isFalse();
        assertThat(RelayHandler.spliceDue(100L * 1024 * 1024, RelayHandler.BULK_READ - 1, AFTER)).isFalse();
        assertThat(RelayHandler.spliceDue(100L * 1024 * 1024, RelayHandler.BULK_READ, AFTER)).isTrue();
    }
}
