package dev.argyle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.argyle.server.config.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code argyle status}: the live summary of a running server, read from its admin listener's
 * {@code /api/summary} (the same data the status page shows), printed as a few plain tables.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show a running server's sessions, throughput per user, top destinations and refusals.",
                "Reads the admin listener (argyle serve --admin HOST:PORT, or admin.listen in the config)."})
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--admin", paramLabel = "HOST:PORT", converter = Converters.HostPortConverter.class,
            defaultValue = "127.0.0.1:9180", description = "The admin listener (default ${DEFAULT-VALUE})")
    InetSocketAddress admin;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Sent as 'Authorization: Bearer TOKEN' (default: $ARGYLE_ADMIN_TOKEN, if set)")
    String token;

    @Option(names = "--json", description = "Print the summary as the API returns it (JSON)")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String tokenToSend = token != null ? token : System.getenv("ARGYLE_ADMIN_TOKEN");
        String where = HostPort.format(admin);
        HttpResponse<String> r;
        try {
            r = fetch(where, tokenToSend);
        } catch (IOException e) {
            err.println("argyle: cannot reach the admin listener at " + where + ": " + describe(e)
                    + " (is the server running with --admin " + where + "?)");
            err.flush();
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILURE;
        }
        if (r.statusCode() != 200) {
            err.println("argyle: " + where + " answered " + r.statusCode() + ": " + r.body().strip());
            err.flush();
            return ExitCodes.FAILURE;
        }
        if (json) {
            out.println(r.body());
        } else {
            try {
                StatusReport.print(new ObjectMapper().readTree(r.body()), where, out);
            } catch (IOException e) {
                err.println("argyle: " + where + " did not answer with a summary: " + e.getMessage());
                err.flush();
                return ExitCodes.FAILURE;
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static HttpResponse<String> fetch(String where, String token) throws IOException, InterruptedException {
        // NO_PROXY: the admin listener is local; a proxy from the environment must not be asked for it.
        HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + where + "/api/summary"))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null && !token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Renders a summary as text. */
    static final class StatusReport {
        private StatusReport() {
        }

        static void print(JsonNode s, String where, PrintWriter out) {
            out.printf("argyle at %s: %s, up %s%n", where, s.path("ready").asBoolean() ? "ready" : "NOT READY",
                    duration(s.path("uptimeSeconds").asLong()));
            out.printf("sessions: %d open, %d ended%n", s.path("sessionsOpen").asInt(), s.path("sessionsEnded").asLong());
            out.printf("throughput: up %s, down %s; relayed since start: up %s, down %s%n",
                    rate(s.path("rateUp").asLong()), rate(s.path("rateDown").asLong()),
                    bytes(s.path("bytesUp").asLong()), bytes(s.path("bytesDown").asLong()));
            out.println();
            out.printf("%-24s %8s %12s %12s %10s %10s%n", "USER", "SESSIONS", "UP", "DOWN", "BYTES UP", "BYTES DOWN");
            for (JsonNode u : s.path("users")) {
                out.printf("%-24s %8d %12s %12s %10s %10s%n", u.path("name").asText(), u.path("sessions").asInt(),
                        rate(u.path("rateUp").asLong()), rate(u.path("rateDown").asLong()),
                        bytes(u.path("bytesUp").asLong()), bytes(u.path("bytesDown").asLong()));
            }
            out.println();
            out.printf("%-40s %8s %12s %12s%n", "TOP DESTINATIONS", "SESSIONS", "UP", "DOWN");
            for (JsonNode d : s.path("destinations")) {
                out.printf("%-40s %8d %12s %12s%n", d.path("name").asText(), d.path("sessions").asInt(),
                        rate(d.path("rateUp").asLong()), rate(d.path("rateDown").asLong()));
            }
            out.println();
            StringBuilder counts = new StringBuilder();
            s.path("refusals").fields().forEachRemaining(e ->
                    counts.append(counts.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().asLong()));
            out.println("refusals: " + (counts.length() == 0 ? "none" : counts));
            for (JsonNode r : s.path("recentRefusals")) {
                out.printf("  %s %s user=%s dst=%s reason=%s rule=%s%n", r.path("time").asText(), r.path("client").asText(),
                        text(r.path("user")), text(r.path("destination")), r.path("reason").asText(), r.path("rule").asText());
            }
        }

        private static String text(JsonNode n) {
            return n.isMissingNode() || n.isNull() ? "-" : n.asText();
        }

        static String rate(long bytesPerSecond) {
            return bytes(bytesPerSecond) + "/s";
        }

        static String bytes(long n) {
            String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
            double v = n;
            int i = 0;
            while (v >= 1024 && i < units.length - 1) {
                v /= 1024;
                i++;
            }
            return i == 0 ? n + " B" : String.format("%.1f %s", v, units[i]);
        }

        static String duration(long seconds) {
            if (seconds < 60) {
                return seconds + "s";
            }
            if (seconds < 3600) {
                return seconds / 60 + "m" + String.format("%02d", seconds % 60) + "s";
            }
            return seconds / 3600 + "h" + String.format("%02d", seconds / 60 % 60) + "m";
        }
    }
}
