/**
 * Session limits: how many sessions may be open in total, per client address and per user, and how fast one
 * client address may open new ones. {@link dev.argyle.server.limit.SessionLimits} hands out
 * {@link dev.argyle.server.limit.Permit}s that are {@link java.lang.AutoCloseable}, so a release cannot be
 * forgotten; refusals are counted in {@link dev.argyle.server.limit.LimitCounters}. Bandwidth and datagram
 * rates use {@link dev.argyle.server.limit.TokenBucket}; per-user bandwidth buckets live in
 * {@link dev.argyle.server.limit.UserBandwidth}, which outlives any one configuration.
 *
 * <p>Depends on the JDK, SLF4J and {@code server.config} only; knows nothing of Netty or the protocol.
 */
package dev.argyle.server.limit;
