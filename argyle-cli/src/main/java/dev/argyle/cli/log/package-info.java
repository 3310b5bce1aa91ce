/**
 * How {@code argyle serve} writes its logs: the JSON-lines encoder and the switch between text and JSON.
 * Depends on Logback, Jackson's streaming API and the server's {@code LogFormat}; nothing else.
 */
package dev.argyle.cli.log;
