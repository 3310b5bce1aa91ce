/**
 * What the server does when the operating system or the JVM runs out of what a session needs: descriptors
 * ({@code EMFILE} on accept, socket or bind) and direct memory. The rule is the one microsocks learnt the
 * hard way: refuse new work and back off, never spin, never abort; log once per interval with a count, not
 * once per event; keep counters for tests and metrics.
 *
 * <p>{@link dev.argyle.server.overload.AcceptGuard} sits on every listening channel, sheds new connections
 * while descriptors are nearly exhausted and pauses accepting when accept itself fails;
 * {@link dev.argyle.server.overload.MemoryWatch} notes direct-memory exhaustion on any session channel.
 *
 * <p>Depends on the JDK, SLF4J and Netty's channel API; knows nothing of the protocol.
 */
package dev.argyle.server.overload;
