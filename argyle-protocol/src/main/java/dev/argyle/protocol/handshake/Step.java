package dev.argyle.protocol.handshake;

import dev.argyle.protocol.SocksAddress;

/** What a {@link ClientHandshake} wants next after being fed some bytes. */
public sealed interface Step {

    /** Write {@code bytes} to the proxy, then read its answer. */
    record Send(byte[] bytes) implements Step {
        public Send {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * Read more: the next {@code bytes} bytes (at least 1) certainly belong to the current message, so reading
     * up to that many never takes a byte that is not the proxy's.
     */
    record NeedMore(int bytes) implements Step {
        public NeedMore {
            if (bytes < 1) {
                throw new IllegalArgumentException("need at least one byte: " + bytes);
            }
        }
    }

    /**
     * A success reply. {@code address} is BND.ADDR/BND.PORT (SOCKS4: DSTIP/DSTPORT): for CONNECT the proxy's
     * outbound address, for the first BIND reply the listening address, for the second the peer, for UDP
     * ASSOCIATE the relay's address. {@code last} is false only for BIND's first reply: one more follows
     * when the peer connects.
     */
    record Reply(SocksAddress address, boolean last) implements Step {
    }

    /** The handshake failed; the proxy will not serve this connection. */
    record Failed(HandshakeFailure failure) implements Step {
    }
}
