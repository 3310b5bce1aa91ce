package dev.argyle.cli.run;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Names the program looked up, each given a placeholder address from 198.18.0.0/15 (RFC 2544's benchmarking
 * range: never a real destination), so that a connection to the placeholder can be sent through the chain as a
 * name (ATYP 3) and the name is resolved by the chain's last hop, never here. The same name always gets the same
 * address within a run. Thread-safe.
 */
final class Placeholders {
    private static final int BASE = (198 << 24) | (18 << 16);
    /** 198.18.0.1 .. 198.19.255.254. */
    static final int CAPACITY = (1 << 17) - 2;

    private final Map<String, Integer> byName = new HashMap<>();
    private final Map<Integer, String> byAddress = new HashMap<>();
    private final int capacity;
    private int next = 1;

    Placeholders() {
        this(CAPACITY);
    }

    Placeholders(int capacity) {
        this.capacity = Math.min(capacity, CAPACITY);
    }

    /** The placeholder for {@code name}, or empty when the range is used up. */
    synchronized Optional<Inet4Address> addressFor(String name) {
        Integer a = byName.get(name);
        if (a == null) {
            if (next > capacity) {
                return Optional.empty();
            }
            a = BASE + next++;
            byName.put(name, a);
            byAddress.put(a, name);
        }
        return Optional.of(toAddress(a));
    }

    /** The name a placeholder stands for; empty for any other address. */
    synchronized Optional<String> nameFor(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        int a = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        return Optional.ofNullable(byAddress.get(a));
    }

    /** Whether {@code address} is in the placeholder range (handed out or not). */
    static boolean inRange(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 && (b[0] & 0xFF) == 198 && (b[1] & 0xFE) == 18;
    }

    private static Inet4Address toAddress(int a) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {
                    (byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
