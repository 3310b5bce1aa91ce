/**
 * Authentication sub-negotiation messages: username/password (RFC 1929).
 */
package dev.argyle.protocol.auth;
