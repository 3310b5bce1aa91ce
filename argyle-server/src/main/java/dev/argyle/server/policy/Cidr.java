package dev.argyle.server.policy;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An address block, {@code 10.0.0.0/8} or {@code fe80::/10}; a single address is a block of one
 * ({@code 10.1.2.3}, {@code ::1}). IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) count as the IPv4
 * address they carry, on both sides, so a client cannot slip past an IPv4 rule by writing it as IPv6.
 *
 * @param network the first address of the block (no host bits set)
 * @param prefix  how many leading bits are fixed: 0..32 for IPv4, 0..128 for IPv6
 */
public record Cidr(InetAddress network, int prefix) implements Source, Target {
    public Cidr {
        network = Addresses.normalize(Objects.requireNonNull(network, "network"));
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix /" + prefix + " is outside 0-" + bits);
        }
        if (!sameBits(network.getAddress(), network.getAddress(), prefix, true)) {
            throw new IllegalArgumentException("'" + Addresses.format(network) + "/" + prefix
                    + "' has bits set after the prefix; the block is " + Addresses.format(masked(network, prefix))
                    + "/" + prefix);
        }
    }

    /**
     * {@code ADDRESS} or {@code ADDRESS/PREFIX}, IPv4 dotted quad or IPv6; never a name.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addressText = slash < 0 ? t : t.substring(0, slash);
        InetAddress address = Addresses.literal(addressText);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or block such as 10.0.0.0/8 or fe80::/10");
        }
        int bits = address.getAddress().length * 8;
        if (slash < 0) {
            return new Cidr(address, bits);
        }
        String p = t.substring(slash + 1);
        if (!p.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("'" + text + "': the prefix length after '/' must be a number");
        }
        int prefix = Integer.parseInt(p);
        if (bits == 32 && addressText.indexOf(':') >= 0) {
            prefix -= 96; // ::ffff:a.b.c.d/N is the IPv4 block a.b.c.d/(N-96)
        }
        return new Cidr(address, prefix);
    }

    /** Whether {@code a} is inside this block. */
    public boolean contains(InetAddress a) {
        if (a == null) {
            return false;
        }
        byte[] x = Addresses.normalize(a).getAddress();
        byte[] n = network.getAddress();
        return x.length == n.length && sameBits(n, x, prefix, false);
    }

    @Override
    public boolean matchesClient(SessionFacts facts) {
        return facts.client() != null && contains(facts.client().getAddress());
    }

    @Override
    public Match matchesDestination(Query q) {
        return q.address() == null ? Match.MAYBE : Match.of(contains(q.address()));
    }

    /** Compares the first {@code prefix} bits, or (hostBitsZero) checks that the bits after them are zero. */
    private static boolean sameBits(byte[] a, byte[] b, int prefix, boolean hostBitsZero) {
        for (int bit = 0; bit < a.length * 8; bit++) {
            int byteIndex = bit / 8;
            int mask = 0x80 >>> (bit % 8);
            if (hostBitsZero) {
                if (bit >= prefix && (a[byteIndex] & mask) != 0) {
                    return false;
                }
            } else if (bit < prefix && (a[byteIndex] & mask) != (b[byteIndex] & mask)) {
                return false;
            } else if (bit >= prefix) {
                return true;
            }
        }
        return true;
    }

    private static InetAddress masked(InetAddress a, int prefix) {
        byte[] b = a.getAddress();
        for (int bit = prefix; bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code 10.0.0.0/8}; a single address without its prefix. */
    @Override
    public String toString() {
        String a = Addresses.format(network);
        return prefix == network.getAddress().length * 8 ? a : a + "/" + prefix;
    }
}
