package dev.argyle.client;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.handshake.ProxyUri;
import dev.argyle.protocol.v4.Socks4Status;
import java.io.IOException;

/**
 * A chain operation failed at a known hop. The message reads
 * {@code hop 2 of 3 (socks5://alice@10.0.0.2:1080): CONNECT db.internal:5432 failed with reply 0x05 (connection
 * refused)}: the hop's position, its URI without the password, and what went wrong in words, with the proxy's
 * reply code where it sent one.
 */
public final class SocksException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The families of failure. */
    public enum Kind {
        /** The hop answered the request with a failure reply: see {@link #replyCode()} / {@link #socks4Status()}. */
        REPLY,
        /** The hop wants authentication we cannot give, or rejected the user name and password. */
        AUTHENTICATION,
        /** The hop answered with something that is not SOCKS, or not what was asked. */
        PROTOCOL,
        /** The TCP connection to the first hop could not be made. */
        CONNECT,
        /** The hop did not answer in time (connect, handshake or BIND accept timeout). */
        TIMEOUT,
        /** The hop closed or reset the connection during the handshake. */
        CLOSED,
        /** A host name that this side resolves (socks4, socks5 hops; the first hop itself) did not resolve. */
        RESOLVE,
        /** The hop type cannot carry this request (IPv6 over socks4, UDP over socks4, ...). */
        UNSUPPORTED
    }

    private final Kind kind;
    private final int hopIndex;
    private final int hopCount;
    private final ProxyUri hop;
    private final ReplyCode replyCode;
    private final Socks4Status socks4Status;

    SocksException(Kind kind, int hopIndex, int hopCount, ProxyUri hop, String detail, ReplyCode replyCode,
                   Socks4Status socks4Status, Throwable cause) {
        super(String.format("hop %d of %d (%s): %s", hopIndex, hopCount, hop.withoutPassword(), detail), cause);
        this.kind = kind;
        this.hopIndex = hopIndex;
        this.hopCount = hopCount;
        this.hop = hop.withoutPassword();
        this.replyCode = replyCode;
        this.socks4Status = socks4Status;
    }

    public Kind kind() {
        return kind;
    }

    /** The failing hop's position in the chain, from 1. */
    public int hopIndex() {
        return hopIndex;
    }

    /** How many hops the operation used. */
    public int hopCount() {
        return hopCount;
    }

    /** The failing hop, without its password. */
    public ProxyUri hop() {
        return hop;
    }

    /** The SOCKS5 reply code the hop sent, or null (not a SOCKS5 reply failure). */
    public ReplyCode replyCode() {
        return replyCode;
    }

    /** The SOCKS4 status the hop sent, or null (not a SOCKS4 reply failure). */
    public Socks4Status socks4Status() {
        return socks4Status;
    }
}
