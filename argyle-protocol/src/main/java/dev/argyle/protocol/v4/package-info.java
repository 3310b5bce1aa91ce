/**
 * SOCKS4 and SOCKS4a messages: the request (with the 4a host-name extension) and the reply.
 */
package dev.argyle.protocol.v4;
