/**
 * Upstream routes: which requests leave this server directly and which go through a chain of other SOCKS
 * proxies. A {@link dev.argyle.server.route.Router} picks the first {@link dev.argyle.server.route.Route} whose
 * conditions (the access rules' {@link dev.argyle.server.policy.Condition}s) match a request; the
 * {@link dev.argyle.server.route.RoutedCommand} sends {@code direct} requests to the ordinary command and
 * {@code via} requests to the {@link dev.argyle.server.route.UpstreamConnector}, which dials hop 1 with Netty and
 * runs the protocol module's sans-IO handshakes ({@code dev.argyle.protocol.handshake}) hop by hop, trying the
 * route's alternative chains in order when one fails.
 *
 * <p>Depends on the protocol module, {@code server.command}, {@code server.policy} (conditions, permitted
 * addresses), {@code server.resolve}, {@code server.observe}, {@code server.udp}
 * (UDP ASSOCIATE through a one-hop chain) and Netty. Hop passwords live only in the
 * {@link dev.argyle.protocol.handshake.ProxyUri}s, whose {@code toString()} leaves them out.
 */
package dev.argyle.server.route;
