/**
 * Who may use a password listener: the users file, the password hash it stores, and the throttle that slows down
 * guessing.
 *
 * <p>Secrets are handled as {@code char[]} so callers can wipe them, are never logged and never appear in a
 * {@code toString()}. Hashing is PBKDF2 from the JDK (no native or third-party crypto); it is deliberately slow,
 * so callers on an event loop must hand {@link dev.argyle.server.auth.UsersFile#verify} to another thread.
 *
 * <p>Depends on the JDK and {@code dev.argyle.server.config} (for the throttle's settings).
 */
package dev.argyle.server.auth;
