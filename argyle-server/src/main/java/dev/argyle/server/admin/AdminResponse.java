package dev.argyle.server.admin;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An answer of the admin API, independent of Netty: status, content type, body, extra headers. */
record AdminResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    static AdminResponse text(int status, String body) {
        return new AdminResponse(status, TEXT, (body + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static AdminResponse json(int status, byte[] body) {
        return new AdminResponse(status, JSON, body, Map.of());
    }

    AdminResponse withContentType(String type) {
        return new AdminResponse(status, type, body, headers);
    }

    AdminResponse withHeader(String name, String value) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new AdminResponse(status, contentType, body, Map.copyOf(h));
    }
}
