package dev.argyle.server.proxyheader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.argyle.server.metrics.ServerMetrics;
import org.junit.jupiter.api.Test;

/** The PROXY protocol counters as Prometheus series on the admin listener's /metrics. */
class ProxyHeaderMetricsTest {
    @Test
    void eachOutcomeIsOneSeries() {
        ProxyHeaderCounters counters = new ProxyHeaderCounters();
        counters.accepted();
        counters.accepted();
        counters.local();
        counters.untrusted("test: untrusted");
        counters.malformed("test: malformed");
        try (ServerMetrics metrics = new ServerMetrics(false)) {
            metrics.watch(counters);
            String text = metrics.scrape();
            assertThat(text).contains("argyle_proxy_headers_total{outcome=\"accepted\"} 2.0",
                    "argyle_proxy_headers_total{outcome=\"local\"} 1.0",
                    "argyle_proxy_headers_total{outcome=\"untrusted\"} 1.0",
                    "argyle_proxy_headers_total{outcome=\"missing\"} 0.0",
                    "argyle_proxy_headers_total{outcome=\"malformed\"} 1.0");
        }
    }
}
