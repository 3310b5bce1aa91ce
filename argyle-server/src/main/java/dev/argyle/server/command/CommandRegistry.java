package dev.argyle.server.command;

import dev.argyle.protocol.Command;
import java.util.Map;

/** The commands a server supports, by command code; an unknown or unregistered code is "not supported" (0x07). */
public final class CommandRegistry {
    private final Map<Command, SocksCommand> commands;

    public CommandRegistry(Map<Command, SocksCommand> commands) {
        this.commands = Map.copyOf(commands);
    }

    /** The command for {@code code} in SOCKS {@code version}, or null when it is not supported. */
    public SocksCommand find(int version, Command code) {
        SocksCommand c = commands.get(code);
        return c == null || (version == 4 && !c.socks4()) ? null : c;
    }
}
