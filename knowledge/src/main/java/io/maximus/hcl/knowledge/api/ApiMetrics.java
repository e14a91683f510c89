package io.maximus.hcl.knowledge.api;

import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** The decision API's own metrics (docs/metrics.md), served at {@code /metrics} in the Prometheus text format. */
final class ApiMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder()
            .name("hcl_api_requests_total")
            .help("Requests served, by route template and HTTP status")
            .labelNames("route", "status")
            .register(registry);

    /** Counts the request {@code ctx} has just served, under its route template (never the raw path). */
    void served(Context ctx) {
        String route = route(ctx);
        requests.labelValues(route, "500"); // a route once served has a 5xx count, 0 until it fails
        requests.labelValues(route, Integer.toString(ctx.statusCode())).inc();
    }

    /** The route template of a served request, e.g. {@code /decisions/{id}}; {@code unmatched} when none matched. */
    static String route(Context ctx) {
        try {
            String p = ctx.endpointHandlerPath();
            return p == null || p.isEmpty() || p.equals("*") ? "unmatched" : p;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    /** Writes the metrics in the Prometheus text format 0.0.4. */
    void scrape(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter w = new PrometheusTextFormatWriter(false);
        w.write(out, registry.scrape());
        ctx.contentType(w.getContentType()).result(out.toByteArray());
    }
}
