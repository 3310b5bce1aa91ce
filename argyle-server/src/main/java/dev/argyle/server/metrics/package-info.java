/**
 * Prometheus metrics through Micrometer: session events ({@code observe.SessionListener}), live byte counts
 * ({@code observe.LiveSessions}), the server's counters (UDP, limits), resolver timing, JVM and Netty memory.
 * Depends on observe, udp, limit and resolve; nothing depends on it but the admin listener that serves it.
 */
package dev.argyle.server.metrics;
