package io.maximus.hcl.tools.cli;

import io.maximus.hcl.collector.CollectorMetrics;
import io.maximus.hcl.collector.Durations;
import io.maximus.hcl.collector.HostSensors;
import io.maximus.hcl.collector.PrometheusMapping;
import io.maximus.hcl.collector.PrometheusScraper;
import io.maximus.hcl.collector.TelemetryProducer;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.Topics;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hcl collect}: the collector: reads this host's metrics every interval and streams them to Kafka. */
@Command(
        name = "collect",
        mixinStandardHelpOptions = true,
        description = "Reads this host's compute, memory, disk and network metrics every --interval, adds the "
                + "metrics of Prometheus endpoints (--prometheus, e.g. node_exporter) and streams them as JSON "
                + "snapshots to Kafka (or prints them with --print).")
public final class CollectCommand implements Callable<Integer> {

    @Option(names = "--kafka.bootstrap-servers", description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    String brokers = "localhost:9092";

    @Option(names = "--topic", description = "Topic to write to (default: ${DEFAULT-VALUE}).")
    String topic = Topics.TELEMETRY_RAW;

    @Option(names = "--service", description = "Service this host belongs to (default: ${DEFAULT-VALUE}).")
    String service = "host";

    @Option(names = "--host", description = "Host name to report (default: this machine's name).")
    String host;

    @Option(names = "--interval", description = "Scrape interval (default: ${DEFAULT-VALUE}).")
    String interval = "15s";

    @Option(names = "--count", description = "Stop after this many snapshots (default: run until stopped).")
    long count = Long.MAX_VALUE;

    @Option(
            names = "--prometheus",
            split = ",",
            paramLabel = "URL",
            description = "Prometheus endpoint(s) to scrape each interval (text format 0.0.4), e.g. "
                    + "http://localhost:9100/metrics; repeatable or comma-separated. node_exporter series map to HCL "
                    + "names (load_1, memory_available_ratio, filesystem_usage, net_rx_bytes_per_s, "
                    + "disk_io_utilization, cpu_pressure, ...); the host's own readings win on equal names. "
                    + "An unreachable endpoint logs one warning and the snapshot goes out without its metrics.")
    List<String> prometheus = new ArrayList<>();

    @Option(
            names = "--prometheus-metric",
            split = ",",
            paramLabel = "NAME",
            description = "Also take this Prometheus metric, as prom_<NAME> (sum over its series; counters as "
                    + "per-second rates). Repeatable or comma-separated.")
    List<String> prometheusMetrics = new ArrayList<>();

    @Option(
            names = "--prometheus-timeout",
            description = "Timeout of one endpoint's scrape (default: " + "${DEFAULT-VALUE}).")
    String prometheusTimeout = "5s";

    @Option(
            names = "--metrics-port",
            description = "Port of the collector's own /metrics (Prometheus text format; 0 = none; default: "
                    + "${DEFAULT-VALUE}).")
    int metricsPort = CollectorMetrics.DEFAULT_PORT;

    @Option(names = "--print", description = "Print the snapshots as JSON lines instead of sending them.")
    boolean print;

    @Override
    public Integer call() throws Exception {
        String name = host != null ? host : InetAddress.getLocalHost().getHostName();
        long every = Durations.parseMillis(interval);
        long timeout = Durations.parseMillis(prometheusTimeout);
        if (timeout <= 0) {
            throw new IllegalArgumentException("--prometheus-timeout must be positive: " + prometheusTimeout);
        }
        PrometheusScraper scraper = prometheus.isEmpty()
                ? null
                : new PrometheusScraper(
                        prometheus, new PrometheusMapping(prometheusMetrics), Duration.ofMillis(timeout));
        HostSensors sensors = new HostSensors();
        // prime the counters so the first snapshot has rates
        var primer = sensors.read(name, service, System.currentTimeMillis());
        if (scraper != null) {
            scraper.enrich(primer);
        }
        CollectorMetrics metrics = new CollectorMetrics();
        try (var server = metricsPort > 0 ? metrics.serve(metricsPort) : null;
                TelemetryProducer producer = print ? null : new TelemetryProducer(brokers, topic)) {
            if (producer != null) {
                producer.reportTo(metrics);
            }
            long scrapeFailures = 0;
            for (long i = 0; i < count; i++) {
                Thread.sleep(i == 0 ? Math.min(every, 1000) : every);
                long start = System.nanoTime();
                var snapshot = sensors.read(name, service, System.currentTimeMillis());
                if (scraper != null) {
                    snapshot = scraper.enrich(snapshot);
                    for (long f = scraper.failures(); scrapeFailures < f; scrapeFailures++) {
                        metrics.error("prometheus");
                    }
                }
                if (producer == null) {
                    System.out.println(Json.write(snapshot));
                    System.out.flush();
                    metrics.acknowledged(System.currentTimeMillis());
                } else {
                    producer.send(snapshot);
                }
                metrics.cycle((System.nanoTime() - start) / 1e9);
            }
        }
        return 0;
    }
}
