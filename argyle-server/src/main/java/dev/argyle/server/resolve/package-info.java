/** Asynchronous name resolution with a timeout, for destinations given as domain names. */
package dev.argyle.server.resolve;
