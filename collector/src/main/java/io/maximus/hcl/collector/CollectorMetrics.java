package io.maximus.hcl.collector;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;

/**
 * The collector's own metrics (docs/metrics.md), served at {@code /metrics} in the Prometheus text format: the cycle
 * duration, the time of the last snapshot Kafka acknowledged and errors by source.
 */
public final class CollectorMetrics {

    /** The default port of the collector's {@code /metrics} (container port {@code metrics}). */
    public static final int DEFAULT_PORT = 9400;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram cycle = Histogram.builder()
            .name("hcl_collector_cycle_seconds")
            .help("One collection: read the sensors and endpoints, send the snapshot")
            .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
    private final Gauge lastSuccess = Gauge.builder()
            .name("hcl_collector_last_success_timestamp_seconds")
            .help("Unix time of the last snapshot Kafka acknowledged")
            .register(registry);
    private final Counter sourceErrors = Counter.builder()
            .name("hcl_collector_source_errors_total")
            .help("Failed reads or sends by source (prometheus, kafka)")
            .labelNames("source")
            .register(registry);

    /** Metrics in their own registry, every source's error count at 0. */
    public CollectorMetrics() {
        for (String s : new String[] {"prometheus", "kafka"}) {
            sourceErrors.labelValues(s);
        }
    }

    /** Records one cycle's duration. */
    public void cycle(double seconds) {
        cycle.observe(seconds);
    }

    /** Records that Kafka acknowledged a snapshot at {@code epochMillis}. */
    public void acknowledged(long epochMillis) {
        lastSuccess.set(epochMillis / 1000.0);
    }

    /** Counts one error reading or sending from {@code source} ({@code prometheus} or {@code kafka}). */
    public void error(String source) {
        sourceErrors.labelValues(source).inc();
    }

    /** The registry (tests read it). */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Serves {@code /metrics} on {@code port} (0: any free port) until the returned server is closed. */
    public HTTPServer serve(int port) throws IOException {
        return HTTPServer.builder().port(port).registry(registry).buildAndStart();
    }
}
