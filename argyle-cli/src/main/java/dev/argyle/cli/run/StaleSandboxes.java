package dev.argyle.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what runs killed with SIGKILL left behind (no shutdown hook ran) and removes it: namespaces, nftables
 * tables, routing rules and resolver files named {@code argyle-ID} or numbered {@code 0x41000000|ID}, whose ID
 * is not a live process. Run at the start of every namespace run.
 */
final class StaleSandboxes {
    private static final Logger log = LoggerFactory.getLogger(StaleSandboxes.class);
    private static final Pattern NAME = Pattern.compile("\\b(argyle-\\d{1,8})\\b");
    private static final Pattern RULE_TABLE = Pattern.compile("lookup (\\d+)");

    private StaleSandboxes() {
    }

    /** Removes every leftover of a dead run; returns the ids cleaned. */
    static Set<Long> sweep() {
        Set<Long> ids = new TreeSet<>();
        collectNames(ids, quiet("ip", "netns", "list"));
        collectNames(ids, quiet("nft", "list", "tables"));
        Matcher m = RULE_TABLE.matcher(quiet("ip", "rule", "list"));
        while (m.find()) {
            long id = SandboxPlan.idOfTable(Long.parseLong(m.group(1)));
            if (id > 0) {
                ids.add(id);
            }
        }
        if (Files.isDirectory(NetnsSandbox.NETNS_ETC)) {
            try (Stream<Path> dirs = Files.list(NetnsSandbox.NETNS_ETC)) {
                dirs.forEach(d -> addId(ids, d.getFileName().toString()));
            } catch (IOException ignored) {
                // Nothing to clean there.
            }
        }
        ids.removeIf(StaleSandboxes::alive);
        for (long id : ids) {
            log.info("removing what a killed argyle run (process {}) left behind", id);
            NetnsSandbox.teardown(new SandboxPlan(id));
        }
        return ids;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void collectNames(Set<Long> ids, String listing) {
        Matcher m = NAME.matcher(listing);
        while (m.find()) {
            addId(ids, m.group(1));
        }
    }

    private static void addId(Set<Long> ids, String name) {
        long id = SandboxPlan.idOf(name);
        if (id > 0) {
            ids.add(id);
        }
    }

    private static String quiet(String... command) {
        try {
            return SystemCommand.run(command);
        } catch (IOException e) {
            return "";
        }
    }
}
