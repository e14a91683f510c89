package io.maximus.hcl.tools.cli;

import io.maximus.hcl.collector.CollectorMetrics;
import io.maximus.hcl.collector.Durations;
import io.maximus.hcl.collector.HostSensors;
import io.maximus.hcl.collector.PromQlMapping;
import io.maximus.hcl.collector.PrometheusMapping;
import io.maximus.hcl.collector.PrometheusQueryReader;
import io.maximus.hcl.collector.PrometheusScraper;
import io.maximus.hcl.collector.TelemetryProducer;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.KafkaSecurity;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.core.Topics;
import io.maximus.hcl.knowledge.api.KafkaSecurityFlags;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hcl collect}: the collector: reads this host's metrics every interval and streams them to Kafka. */
@Command(
        name = "collect",
        mixinStandardHelpOptions = true,
        description = "Reads this host's compute, memory, disk and network metrics every --interval, adds the "
                + "metrics of Prometheus endpoints (--prometheus, e.g. node_exporter) and streams them as JSON "
                + "snapshots to Kafka (or prints them with --print).")
public final class CollectCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CollectCommand.class);

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

    @Mixin
    KafkaSecurityFlags kafkaSecurity = new KafkaSecurityFlags();

    @Option(
            names = "--metrics-port",
            description = "Port of the collector's own /metrics (Prometheus text format; 0 = none; default: "
                    + "${DEFAULT-VALUE}).")
    int metricsPort = CollectorMetrics.DEFAULT_PORT;

    @Option(names = "--print", description = "Print the snapshots as JSON lines instead of sending them.")
    boolean print;

    @Option(
            names = "--prometheus-url",
            split = ",",
            paramLabel = "URL",
            description = "Prometheus server(s) to read through the query API (/api/v1/query) each interval, e.g. "
                    + "http://localhost:9090: one snapshot per (service, host) from the --mapping queries. With it the "
                    + "host's own sensors are off unless --host-sensors is given.")
    List<String> prometheusUrls = new ArrayList<>();

    @Option(
            names = "--mapping",
            paramLabel = "FILE",
            description = "YAML mapping of HCL metric names to PromQL and labels (default: the shipped one; "
                    + "--print-mapping prints it).")
    Path mapping;

    @Option(names = "--query-timeout", description = "Timeout of one Prometheus query (default: ${DEFAULT-VALUE}).")
    String queryTimeout = "2s";

    @Option(
            names = "--query-parallelism",
            description = "Threads handling the answers of the queries, all in flight at once "
                    + "(default: ${DEFAULT-VALUE}).")
    int queryParallelism = 4;

    @Option(names = "--host-sensors", description = "With --prometheus-url: also read this host's own sensors.")
    boolean hostSensors;

    @Option(
            names = "--once",
            description = "Read once, print one snapshot per (service, host) as JSON lines on stdout, the cycle's "
                    + "summary (latency, failures) as one JSON line on stderr, and exit (1 when nothing was read).")
    boolean once;

    @Option(names = "--print-mapping", description = "Print the shipped default mapping (YAML) and exit.")
    boolean printMapping;

    @Override
    public Integer call() throws Exception {
        if (printMapping) {
            System.out.print(PromQlMapping.defaultsText());
            System.out.flush();
            return 0;
        }
        String name = host != null ? host : InetAddress.getLocalHost().getHostName();
        if (!prometheusUrls.isEmpty() || mapping != null) {
            return readServers(name);
        }
        if (once) {
            count = 1;
            print = true;
        }
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
                TelemetryProducer producer = print
                        ? null
                        : new TelemetryProducer(
                                brokers, topic, KafkaSecurity.fromEnvironment(kafkaSecurity.options()))) {
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

    /** The --prometheus-url mode: every interval one snapshot per (service, host) from the servers' query APIs. */
    private int readServers(String name) throws Exception {
        if (prometheusUrls.isEmpty()) {
            throw new IllegalArgumentException("--mapping needs --prometheus-url");
        }
        PromQlMapping map = mapping == null ? PromQlMapping.defaults() : PromQlMapping.load(mapping);
        long every = Durations.parseMillis(interval);
        long timeout = Durations.parseMillis(queryTimeout);
        if (timeout <= 0) {
            throw new IllegalArgumentException("--query-timeout must be positive: " + queryTimeout);
        }
        List<PrometheusQueryReader> readers = new ArrayList<>();
        HostSensors sensors = hostSensors ? new HostSensors() : null;
        PrometheusScraper scraper = !hostSensors || prometheus.isEmpty()
                ? null
                : new PrometheusScraper(
                        prometheus, new PrometheusMapping(prometheusMetrics), Duration.ofMillis(timeout));
        if (sensors != null) {
            var primer = sensors.read(name, service, System.currentTimeMillis());
            if (scraper != null) {
                scraper.enrich(primer);
            }
        }
        long cycles = once ? 1 : count;
        try (TelemetryProducer producer = print || once ? null : new TelemetryProducer(brokers, topic)) {
            for (String u : prometheusUrls) {
                readers.add(
                        new PrometheusQueryReader(u, map, Duration.ofMillis(timeout), queryParallelism, service, name));
            }
            int read = 0;
            for (long i = 0; i < cycles; i++) {
                if (i > 0 || sensors != null) {
                    Thread.sleep(i == 0 ? Math.min(every, 1000) : every);
                }
                long now = System.currentTimeMillis();
                long start = System.nanoTime();
                Map<String, Map<String, Object>> perServer = new LinkedHashMap<>();
                List<TelemetrySnapshot> out = new ArrayList<>();
                if (sensors != null) {
                    var own = sensors.read(name, service, now);
                    out.add(scraper == null ? own : scraper.enrich(own));
                }
                for (PrometheusQueryReader r : readers) {
                    PrometheusQueryReader.Cycle c = r.read(now);
                    out = merge(out, c.snapshots());
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("latency_ms", c.latencyMillis());
                    m.put("queries", c.queries());
                    m.put("failed", c.failures().size());
                    m.put("failures", c.failures());
                    perServer.put(r.base().toString(), m);
                }
                long latency = (System.nanoTime() - start) / 1_000_000;
                read += out.size();
                for (TelemetrySnapshot s : out) {
                    if (producer == null) {
                        System.out.println(Json.write(s));
                    } else {
                        producer.send(s);
                    }
                }
                System.out.flush();
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("cycle_latency_ms", latency);
                summary.put("snapshots", out.size());
                summary.put(
                        "metrics_per_snapshot",
                        out.stream().map(s -> s.metrics().size()).toList());
                summary.put("servers", perServer);
                LOG.info("collect cycle {}", Json.write(summary));
                if (once) {
                    System.err.println(Json.write(summary));
                    System.err.flush();
                }
            }
            return once && read == 0 ? 1 : 0;
        } finally {
            readers.forEach(PrometheusQueryReader::close);
        }
    }

    /** The snapshots of {@code first} with those of {@code more} merged in: on equal (service, host) first wins. */
    static List<TelemetrySnapshot> merge(List<TelemetrySnapshot> first, List<TelemetrySnapshot> more) {
        Map<List<String>, TelemetrySnapshot> by = new LinkedHashMap<>();
        for (TelemetrySnapshot s : first) {
            by.put(List.of(s.service(), s.host()), s);
        }
        for (TelemetrySnapshot s : more) {
            TelemetrySnapshot had = by.get(List.of(s.service(), s.host()));
            if (had == null) {
                by.put(List.of(s.service(), s.host()), s);
            } else {
                Map<String, Double> m = new LinkedHashMap<>(had.metrics());
                s.metrics().forEach(m::putIfAbsent);
                by.put(
                        List.of(s.service(), s.host()),
                        new TelemetrySnapshot(had.timestamp(), had.host(), had.service(), m, had.labels()));
            }
        }
        return new ArrayList<>(by.values());
    }
}
