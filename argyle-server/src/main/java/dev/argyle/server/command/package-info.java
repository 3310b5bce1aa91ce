/**
 * One class per SOCKS command. A command gets the decoded request and answers through an
 * {@link dev.argyle.server.command.CommandOutcome}; the handshake handler encodes the reply for the
 * client's SOCKS version.
 */
package dev.argyle.server.command;
