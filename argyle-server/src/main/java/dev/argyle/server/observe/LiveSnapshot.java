package dev.argyle.server.observe;

/**
 * One open session as the admin API shows it, sampled on its event loop about once a second.
 *
 * @param id          the session id, as in the access log
 * @param client      client address, {@code host:port}
 * @param user        the authenticated (or SOCKS4 user-id) name, or null
 * @param version     4 or 5, or 0 before the first byte
 * @param command     connect, bind, udp-associate, or null before the request
 * @param destination the requested destination, {@code host:port}, or null
 * @param route       the upstream route taken, or null
 * @param state       handshake (no reply yet) or open
 * @param bytesUp     bytes from the client to the destination so far
 * @param bytesDown   bytes from the destination to the client so far
 * @param rateUp      bytes per second up over the last sample period
 * @param rateDown    bytes per second down over the last sample period
 * @param ageMillis   milliseconds since the client connected
 */
public record LiveSnapshot(long id, String client, String user, int version, String command, String destination,
                           String route, String state, long bytesUp, long bytesDown, long rateUp, long rateDown,
                           long ageMillis) {
}
