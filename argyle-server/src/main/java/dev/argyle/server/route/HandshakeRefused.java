package dev.argyle.server.route;

import dev.argyle.protocol.handshake.HandshakeFailure;

/** A hop answered, but not with success: carries the handshake's account of it. */
final class HandshakeRefused extends Exception {
    private final transient HandshakeFailure failure;

    HandshakeRefused(HandshakeFailure failure) {
        super(failure.message(), null, false, false);
        this.failure = failure;
    }

    HandshakeFailure failure() {
        return failure;
    }
}
