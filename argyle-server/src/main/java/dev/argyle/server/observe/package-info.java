/**
 * What happened in each session, and the listeners that report it (the access log; metrics later). The
 * protocol code fills in a {@link dev.argyle.server.observe.Session}; it never formats a log line itself.
 */
package dev.argyle.server.observe;
