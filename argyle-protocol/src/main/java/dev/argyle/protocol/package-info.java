/**
 * The SOCKS wire vocabulary shared by every version: addresses, commands, reply codes (the one place
 * where a failure becomes a reply code), and the incremental {@link dev.argyle.protocol.Decoder} contract.
 *
 * <p>Depends on the JDK only, so that the client library can use it without Netty.
 */
package dev.argyle.protocol;
