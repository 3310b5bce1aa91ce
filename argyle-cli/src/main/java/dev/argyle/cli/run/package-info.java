/**
 * {@code argyle run}: a program in a network namespace whose only way out is a transparent proxy in this
 * process, which sends each TCP connection through the chain (see docs/run.md). Depends on the server's route
 * and relay packages (the non-blocking chain walk and the relay) and on the system's {@code ip} and {@code nft}.
 */
package dev.argyle.cli.run;
