package dev.argyle.cli;

/**
 * A destination as typed on the command line, {@code HOST:PORT} or {@code [IPv6]:PORT}. The host stays text:
 * whether it is resolved here or by the last proxy is the chain's business (socks5h and socks4a pass names on).
 */
record Endpoint(String host, int port) {
    static Endpoint parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (IPv6 as [::1]:PORT)");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': put an IPv6 address in brackets, e.g. [::1]:22");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the port is not a number");
        }
        if (port < 0 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': port must be 0-65535 and the host non-empty");
        }
        return new Endpoint(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
