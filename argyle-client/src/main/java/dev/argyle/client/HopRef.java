package dev.argyle.client;

import dev.argyle.protocol.ReplyCode;
import dev.argyle.protocol.handshake.ProxyUri;
import dev.argyle.protocol.v4.Socks4Status;

/** A hop with its place in the chain: what error messages name. */
record HopRef(int index, int count, ProxyUri uri) {

    SocksException fail(SocksException.Kind kind, String detail) {
        return new SocksException(kind, index, count, uri, detail, null, null, null);
    }

    SocksException fail(SocksException.Kind kind, String detail, Throwable cause) {
        return new SocksException(kind, index, count, uri, detail, null, null, cause);
    }

    SocksException reply(String detail, ReplyCode reply, Socks4Status status) {
        return new SocksException(SocksException.Kind.REPLY, index, count, uri, detail, reply, status, null);
    }
}
