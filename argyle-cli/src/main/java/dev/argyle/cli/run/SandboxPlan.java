package dev.argyle.cli.run;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The names and addresses of one run's namespace, all derived from an id (the argyle process id) so that runs
 * side by side never share anything and a later run can find and remove what a killed run left behind.
 *
 * <ul>
 *   <li>namespace {@code argyle-ID}, nftables table {@code inet argyle-ID}, resolver files in
 *       {@code /etc/netns/argyle-ID/};</li>
 *   <li>veth pair {@code arIDh} (root namespace) and {@code arIDn} (the program's namespace);</li>
 *   <li>a /30 from 100.64.0.0/10 (RFC 6598 shared address space, chosen because it is never a destination
 *       the program means): host side .1, namespace side .2;</li>
 *   <li>firewall mark and routing table {@code 0x41000000 | ID} for the TPROXY'd packets.</li>
 * </ul>
 */
record SandboxPlan(long id) {
    static final String PREFIX = "argyle-";
    private static final long MARK_BASE = 0x41000000L;
    private static final long MAX_ID = 0x00FFFFFFL;

    SandboxPlan {
        if (id <= 0 || id > MAX_ID) {
            throw new IllegalArgumentException("sandbox id out of range: " + id);
        }
    }

    static SandboxPlan forThisProcess() {
        return new SandboxPlan(ProcessHandle.current().pid());
    }

    /** The id a namespace or table name {@code argyle-ID} stands for, or -1. */
    static long idOf(String name) {
        if (!name.startsWith(PREFIX) || name.length() == PREFIX.length() || name.length() > PREFIX.length() + 8) {
            return -1;
        }
        String digits = name.substring(PREFIX.length());
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -1;
            }
        }
        long id = Long.parseLong(digits);
        return id > 0 && id <= MAX_ID ? id : -1;
    }

    /** The id a routing table or mark number stands for, or -1. */
    static long idOfTable(long table) {
        return (table & ~MAX_ID) == MARK_BASE && (table & MAX_ID) != 0 ? table & MAX_ID : -1;
    }

    String namespace() {
        return PREFIX + id;
    }

    String table() {
        return namespace();
    }

    String hostInterface() {
        return "ar" + id + "h";
    }

    String namespaceInterface() {
        return "ar" + id + "n";
    }

    long mark() {
        return MARK_BASE | id;
    }

    String markText() {
        return "0x" + Long.toHexString(mark());
    }

    String routingTable() {
        return Long.toString(mark());
    }

    Inet4Address hostAddress() {
        return address(1);
    }

    Inet4Address namespaceAddress() {
        return address(2);
    }

    private Inet4Address address(int host) {
        // 2^20 blocks of four in 100.64.0.0/10.
        long block = (id & 0xFFFFF) * 4;
        long a = (100L << 24) | (64L << 16) | block | host;
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {
                    (byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
