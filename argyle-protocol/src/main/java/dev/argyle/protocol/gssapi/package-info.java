/**
 * The GSS-API method of SOCKS5 (RFC 1961): the frame every message of the method travels in
 * ({@link GssFrame}), the protection levels ({@link ProtectionLevel}) and the per-message protection that
 * wraps a stream once a security context is established ({@link MessageProtection}). Uses only the JDK
 * ({@code org.ietf.jgss}); shared by the server and the client library.
 */
package dev.argyle.protocol.gssapi;
