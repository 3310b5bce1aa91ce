/**
 * The server: listeners, the per-connection channel setup, and the handshake state machine that tells
 * SOCKS4 from SOCKS5 by the first byte. Commands, relay, auth, resolution and observation live in their
 * own packages; this package wires them together.
 */
package dev.argyle.server;
