package dev.argyle.server;

import dev.argyle.server.auth.PasswordAuthenticator;
import dev.argyle.server.config.ServerConfig;
import dev.argyle.server.gssapi.GssAcceptor;
import dev.argyle.server.limit.SessionLimits;
import dev.argyle.server.observe.SessionListener;
import dev.argyle.server.overload.OverloadCounters;
import dev.argyle.server.policy.SessionPolicy;
import dev.argyle.server.relay.TcpRelay;
import dev.argyle.server.resolve.Resolver;
import io.netty.channel.group.ChannelGroup;

/**
 * What every session of one server shares. Immutable and thread-safe.
 *
 * @param config        this policy generation's configuration (the one started with, or the last reloaded)
 * @param transport     epoll or NIO
 * @param resolver      for domain-name destinations
 * @param authenticator for password listeners, or null when no listener needs it
 * @param listener      session events (access log, later metrics)
 * @param relay         how bytes are moved once a command succeeded
 * @param channels      every open client and outbound channel, for shutdown
 * @param policy        the access rules: who may connect, and which requests they may make
 * @param limits        session limits (total, per client address, per user); hands out permits
 * @param overload      descriptor and memory exhaustion counters (shared by every channel)
 * @param gssapi        the Kerberos acceptor for GSS-API listeners, or null when no listener needs it
 */
public record ServerContext(
        ServerConfig config,
        Transport transport,
        Resolver resolver,
        PasswordAuthenticator authenticator,
        SessionListener listener,
        TcpRelay relay,
        ChannelGroup channels,
        SessionPolicy policy,
        SessionLimits limits,
        OverloadCounters overload,
        GssAcceptor gssapi) {
}
