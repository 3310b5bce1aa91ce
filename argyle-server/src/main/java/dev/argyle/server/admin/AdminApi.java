package dev.argyle.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.argyle.server.metrics.ServerMetrics;
import dev.argyle.server.observe.LiveSessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The admin endpoints, as plain request → response (the HTTP plumbing is {@link AdminHttpHandler}'s):
 * <pre>
 * GET    /                   the live status page (HTML, polls /api/summary every second)
 * GET    /metrics            Prometheus text format
 * GET    /api/health         200 while the process serves
 * GET    /api/ready          200 when accepting SOCKS clients, 503 while starting or draining
 * GET    /api/sessions       the open sessions
 * GET    /api/summary        totals, per-user throughput, top destinations, refusals
 * DELETE /api/sessions/{id}  close one session             (bearer token)
 * POST   /api/reload         reload the configuration      (bearer token)
 * </pre>
 * Reads are open to whoever reaches the listener; anything that changes the server needs the token. Thread-safe.
 */
final class AdminApi {
    private static final String SESSIONS = "/api/sessions";

    private final ServerMetrics metrics;
    private final LiveSessions live;
    private final SessionTotals totals;
    private final BearerToken token;
    private final BooleanSupplier ready;
    private final Reloader reloader;
    private final long startNanos = System.nanoTime();
    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final byte[] statusPage;

    AdminApi(ServerMetrics metrics, LiveSessions live, SessionTotals totals, BearerToken token, BooleanSupplier ready,
             Reloader reloader) {
        this.metrics = metrics;
        this.live = live;
        this.totals = totals;
        this.token = token;
        this.ready = ready;
        this.reloader = reloader;
        this.statusPage = resource("status.html");
    }

    /** Answers one request; {@code path} without the query string. Never throws. */
    AdminResponse handle(String method, String path, String authorization) {
        try {
            return route(method, path, authorization);
        } catch (RuntimeException e) {
            return AdminResponse.text(500, "internal error: " + e);
        }
    }

    private AdminResponse route(String method, String path, String authorization) {
        switch (path) {
            case "/", "/index.html" -> {
                return only("GET", method, () -> new AdminResponse(200, "text/html; charset=utf-8", statusPage,
                        Map.of("Cache-Control", "no-store")));
            }
            case "/metrics" -> {
                return only("GET", method, () -> {
                    metrics.sessionsOpen(live.snapshots());
                    return AdminResponse.text(200, metrics.scrape()).withContentType(
                            "text/plain; version=0.0.4; charset=utf-8");
                });
            }
            case "/api/health" -> {
                return only("GET", method, () -> json(200, Map.of("status", "ok")));
            }
            case "/api/ready" -> {
                return only("GET", method, () -> {
                    boolean r = ready.getAsBoolean();
                    return json(r ? 200 : 503, Map.of("ready", r));
                });
            }
            case SESSIONS -> {
                return only("GET", method, () -> json(200, live.snapshots()));
            }
            case "/api/summary" -> {
                return only("GET", method, () -> json(200, summary()));
            }
            case "/api/reload" -> {
                return only("POST", method, () -> authorized(authorization, this::reload));
            }
            default -> {
                if (path.startsWith(SESSIONS + "/")) {
                    String id = path.substring(SESSIONS.length() + 1);
                    return only("DELETE", method, () -> authorized(authorization, () -> close(id)));
                }
                return AdminResponse.text(404, "not found: " + path);
            }
        }
    }

    Summary summary() {
        return Summary.of(live.snapshots(), totals, (System.nanoTime() - startNanos) / 1_000_000_000L,
                ready.getAsBoolean());
    }

    private AdminResponse close(String idText) {
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            return AdminResponse.text(400, "not a session id: " + idText);
        }
        if (!live.close(id, "closed by the admin API")) {
            return json(404, Map.of("error", "no open session " + id));
        }
        return json(200, Map.of("closed", id));
    }

    private AdminResponse reload() {
        try {
            return json(200, Map.of("reloaded", true, "result", String.valueOf(reloader.reload())));
        } catch (UnsupportedOperationException e) {
            return json(501, Map.of("error", String.valueOf(e.getMessage())));
        } catch (Exception e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reloaded", false);
            body.put("error", String.valueOf(e.getMessage()));
            return json(422, body);
        }
    }

    private AdminResponse authorized(String authorization, java.util.function.Supplier<AdminResponse> action) {
        return switch (token.check(authorization)) {
            case OK -> action.get();
            case MISSING -> AdminResponse.text(401, "this request needs 'Authorization: Bearer <admin.token>'")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"argyle\"");
            case WRONG -> AdminResponse.text(403, "wrong admin token");
            case NOT_CONFIGURED -> AdminResponse.text(403,
                    "no admin.token is configured, so the admin API is read-only");
        };
    }

    private static AdminResponse only(String allowed, String method, java.util.function.Supplier<AdminResponse> r) {
        if (!allowed.equals(method)) {
            return AdminResponse.text(405, method + " not allowed here; use " + allowed).withHeader("Allow", allowed);
        }
        return r.get();
    }

    private AdminResponse json(int status, Object body) {
        try {
            return AdminResponse.json(status, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = AdminApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
