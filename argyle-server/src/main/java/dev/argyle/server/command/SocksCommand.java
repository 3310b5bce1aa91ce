package dev.argyle.server.command;

import dev.argyle.protocol.SocksAddress;

/**
 * The server half of one SOCKS command. Implementations are shared by all sessions, so they hold no
 * per-session state outside what they create per call; thread-safe.
 */
public interface SocksCommand {
    /**
     * Runs the command for a decoded request; must end in exactly one of {@link CommandContext#relay},
     * {@link CommandContext#takeOver} or {@link CommandContext#failed}, unless the client goes away first.
     *
     * @param destination DST.ADDR/DST.PORT as the client sent it
     */
    void execute(CommandContext context, SocksAddress destination);

    /** Whether SOCKS4 clients may use it (SOCKS4 has CONNECT and BIND only). */
    default boolean socks4() {
        return false;
    }
}
