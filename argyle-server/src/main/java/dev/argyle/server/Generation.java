package dev.argyle.server;

import dev.argyle.server.command.CommandRegistry;

/**
 * One policy in force: the context and the commands built from one configuration. A session takes the
 * generation current when it is accepted and keeps it to its end; a reload publishes a new one for the
 * sessions after it. Immutable.
 *
 * @param number   1 for the configuration the server started with, one more for each successful reload
 * @param context  users, rules, limits, timeouts, listeners of events
 * @param commands CONNECT, BIND and UDP ASSOCIATE with this generation's settings and routes
 */
record Generation(long number, ServerContext context, CommandRegistry commands) {
}
