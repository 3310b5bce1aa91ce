/**
 * The server half of the GSS-API method (RFC 1961): the acceptor credential from the keytab
 * ({@link dev.argyle.server.gssapi.GssAcceptor}), the sub-negotiation per session
 * ({@link dev.argyle.server.gssapi.GssNegotiator}) and the security layer that wraps the rest of the session
 * ({@link dev.argyle.server.gssapi.SecurityLayerCodec}).
 *
 * <p>Depends on the JDK's {@code org.ietf.jgss} and JAAS, the protocol module's {@code gssapi} package,
 * {@code dev.argyle.server.auth} and {@code dev.argyle.server.config}.
 */
package dev.argyle.server.gssapi;
