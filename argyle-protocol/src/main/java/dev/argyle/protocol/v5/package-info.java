/**
 * SOCKS Protocol Version 5 messages (RFC 1928): greeting, method choice, request, reply and the UDP
 * request header, each with its encoder and incremental decoder.
 */
package dev.argyle.protocol.v5;
