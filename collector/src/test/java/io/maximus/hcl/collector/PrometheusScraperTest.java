package io.maximus.hcl.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scraper against a real prometheus-node-exporter, merged into this host's snapshot; and an unreachable one. */
class PrometheusScraperTest {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusScraperTest.class);

    @TempDir
    static Path dir;

    static NodeExporterProcess exporter;

    @BeforeAll
    static void start() throws Exception {
        exporter = NodeExporterProcess.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (exporter != null) {
            exporter.close();
        }
    }

    @Test
    void scrapesNodeExporterGaugesThenRatesOnTheSecondScrape() throws Exception {
        PrometheusScraper scraper = new PrometheusScraper(
                List.of(exporter.url()),
                new PrometheusMapping(List.of("go_goroutines", "process_cpu_seconds_total")),
                Duration.ofSeconds(5));
        long t0 = System.currentTimeMillis();
        Map<String, Double> first = scraper.scrape(t0);
        assertThat(first)
                .containsKeys(
                        "load_1",
                        "load_5",
                        "load_15",
                        "memory_available_ratio",
                        "memory_usage",
                        "filesystem_usage",
                        "processes_running",
                        "file_descriptors_usage",
                        "prom_go_goroutines");
        assertThat(first)
                .doesNotContainKeys(
                        "net_rx_bytes_per_s",
                        "context_switches_per_s",
                        "prom_process_cpu_seconds_total"); // counters need two scrapes
        Thread.sleep(1000);
        Map<String, Double> second = scraper.scrape(System.currentTimeMillis());
        LOG.info("node_exporter mapped to {} metrics on the second scrape: {}", second.size(), second.keySet());
        assertThat(second)
                .containsKeys(
                        "net_rx_bytes_per_s",
                        "net_tx_bytes_per_s",
                        "context_switches_per_s",
                        "interrupts_per_s",
                        "disk_io_utilization",
                        "cpu_pressure",
                        "prom_process_cpu_seconds_total");
        assertThat(second.get("memory_available_ratio")).isBetween(0.0, 1.0);
        assertThat(second.get("memory_usage")).isBetween(0.0, 100.0);
        assertThat(second.get("filesystem_usage")).isBetween(0.0, 100.0);
        assertThat(second.get("load_1")).isGreaterThanOrEqualTo(0.0);
        assertThat(second.get("context_switches_per_s")).isPositive();
        assertThat(second.get("disk_io_utilization")).isBetween(0.0, 100.0 * 1.5); // busy time per wall time
        assertThat(second.get("cpu_pressure")).isBetween(0.0, 100.0 * 1.5);
        assertThat(second.get("prom_go_goroutines")).isPositive();
        assertThat(second.values()).allMatch(Double::isFinite);
        assertThat(second.keySet()).noneMatch(k -> k.contains("@"));
    }

    @Test
    void enrichKeepsTheHostsOwnValuesAndAddsTheRest() throws Exception {
        HostSensors sensors = new HostSensors();
        PrometheusScraper scraper =
                new PrometheusScraper(List.of(exporter.url()), new PrometheusMapping(List.of()), Duration.ofSeconds(5));
        long t0 = System.currentTimeMillis();
        scraper.enrich(sensors.read("h", "s", t0));
        Thread.sleep(1000);
        TelemetrySnapshot host = sensors.read("h", "s", System.currentTimeMillis());
        TelemetrySnapshot both = scraper.enrich(host);
        LOG.info(
                "metrics per snapshot: host only {}, host + node_exporter {}",
                host.metrics().size(),
                both.metrics().size());
        assertThat(both.metrics().size()).isGreaterThanOrEqualTo(host.metrics().size() + 10);
        for (Map.Entry<String, Double> e : host.metrics().entrySet()) {
            assertThat(both.metrics()).containsEntry(e.getKey(), e.getValue());
        }
        assertThat(both.metrics())
                .containsKeys("memory_available_ratio", "disk_io_utilization", "cpu_pressure", "tcp_sockets_in_use");
        assertThat(both.labels()).isEqualTo(host.labels());
    }

    @Test
    void anUnreachableEndpointLeavesTheSnapshotWithoutItsMetrics() throws Exception {
        int closed = NodeExporterProcess.freePort(); // nothing listens there
        PrometheusScraper scraper = new PrometheusScraper(
                List.of("http://127.0.0.1:" + closed + "/metrics", exporter.url()),
                new PrometheusMapping(List.of()),
                Duration.ofMillis(500));
        long start = System.nanoTime();
        Map<String, Double> m = scraper.scrape(System.currentTimeMillis());
        assertThat((System.nanoTime() - start) / 1e6).isLessThan(3000);
        assertThat(m).containsKey("load_1"); // the reachable endpoint still counts
        TelemetrySnapshot s = new TelemetrySnapshot(1, "h", "s", Map.of("cpu_usage", 5.0), Map.of());
        PrometheusScraper down = new PrometheusScraper(
                List.of("http://127.0.0.1:" + closed + "/metrics"),
                new PrometheusMapping(List.of()),
                Duration.ofMillis(500));
        assertThat(down.enrich(s).metrics()).isEqualTo(Map.of("cpu_usage", 5.0));
        assertThat(down.enrich(s).metrics()).isEqualTo(Map.of("cpu_usage", 5.0)); // second time: no second warning
    }

    @Test
    void badUrlsAreRejectedClearly() {
        assertThatThrownBy(() -> new PrometheusScraper(
                        List.of("localhost:9100"), new PrometheusMapping(List.of()), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an http(s) URL");
    }
}
