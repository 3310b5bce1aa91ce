package dev.argyle.server.config;

import java.util.Locale;

/**
 * How {@code argyle serve} writes its log lines on stderr: {@code text} (the default, one human-readable line per
 * event) or {@code json} (one JSON object per line, the access log's fields as typed members), for journald, a
 * Kubernetes log collector or any shipper that reads JSON lines. Spelled {@code text} and {@code json} in YAML
 * and on the command line. Chosen at start; a reload does not change it.
 */
public enum LogFormat {
    TEXT,
    JSON;

    /** The spelling used in files and flags. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the file/flag spelling, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static LogFormat parse(String text) {
        for (LogFormat f : values()) {
            if (f.configName().equalsIgnoreCase(text.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("expected text or json, got '" + text + "'");
    }
}
