package io.maximus.hcl.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query API reader against a real Prometheus server scraping a real node_exporter, and against broken servers. */
class PrometheusQueryReaderTest {

    @TempDir
    static Path dir;

    private static NodeExporterProcess exporter;
    private static PrometheusServerProcess prometheus;

    @BeforeAll
    static void start() throws Exception {
        exporter = NodeExporterProcess.start(dir);
        prometheus = PrometheusServerProcess.start(dir, "node", exporter.url().replaceAll("^http://|/metrics$", ""));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    /** Reads until the rates have two samples in their window (a few scrapes after start), at most 30 s. */
    private static PrometheusQueryReader.Cycle readUntil(PrometheusQueryReader r, String metric) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            PrometheusQueryReader.Cycle c = r.read(System.currentTimeMillis());
            if (c.snapshots().stream().anyMatch(s -> s.metrics().containsKey(metric))
                    || System.currentTimeMillis() > deadline) {
                return c;
            }
            Thread.sleep(500);
        }
    }

    @Test
    void nodeMetricsFromTheDefaultMappingWithServiceAndHostFromLabels() throws Exception {
        try (var r = new PrometheusQueryReader(
                prometheus.url(), PromQlMapping.defaults(), Duration.ofSeconds(2), 4, "fallback", "fallback")) {
            PrometheusQueryReader.Cycle c = readUntil(r, "cpu_usage");
            assertEquals(Map.of(), c.failures(), "no query of the default mapping fails");
            TelemetrySnapshot s = c.snapshots().stream()
                    .filter(x -> x.metrics().containsKey("cpu_usage"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("node", s.service(), "service from the job label");
            assertEquals("127.0.0.1", s.host(), "host from the instance label, port stripped");
            Map<String, Double> m = s.metrics();
            for (String pct : List.of(
                    "cpu_usage",
                    "memory_usage",
                    "swap_usage",
                    "disk_io_wait",
                    "disk_usage",
                    "file_descriptors_usage")) {
                assertTrue(m.containsKey(pct), pct + " in " + m.keySet());
                assertTrue(m.get(pct) >= 0 && m.get(pct) <= 100, pct + " = " + m.get(pct));
            }
            assertTrue(m.get("memory_usage") > 0);
            assertEquals(Runtime.getRuntime().availableProcessors(), m.get("cpu_count"), 64, "cpu_count");
            assertTrue(m.get("cpu_count") >= 1);
            assertTrue(m.get("load_1") >= 0 && m.get("uptime_seconds") > 0);
            assertTrue(m.get("net_rx_bytes_per_s") >= 0 && m.get("context_switches_per_s") > 0);
            assertTrue(m.size() >= 25, m.size() + " metrics: " + m.keySet());
            assertTrue(c.latencyMillis() < 1000, "cycle latency " + c.latencyMillis() + " ms (seed target < 1 s)");
            System.out.println("node snapshot: " + m.size() + " metrics in " + c.latencyMillis() + " ms: " + m);
        }
    }

    @Test
    void histogramQuantilesOfAnApplicationScaledToMilliseconds() throws Exception {
        // Prometheus's own HTTP handler histogram stands in for an application's
        PromQlMapping mapping = PromQlMapping.parse("""
                metrics:
                  - metric: response_time_p99
                    query: >-
                      histogram_quantile(0.99, sum by (job, instance, le)
                      (rate(prometheus_http_request_duration_seconds_bucket[1m])))
                    scale: 1000
                  - metric: throughput
                    query: sum by (job, instance) (rate(prometheus_http_requests_total[1m]))
                """, "test");
        try (var r = new PrometheusQueryReader(prometheus.url(), mapping, Duration.ofSeconds(2), 2, "f", "f")) {
            PrometheusQueryReader.Cycle c = readUntil(r, "response_time_p99");
            assertEquals(Map.of(), c.failures());
            TelemetrySnapshot s = c.snapshots().get(0);
            assertEquals(List.of("prometheus", "127.0.0.1"), List.of(s.service(), s.host()));
            double p99 = s.metrics().get("response_time_p99");
            assertTrue(p99 > 0 && p99 <= 100_000, "p99 in ms, bounded by the largest finite bucket: " + p99);
            assertTrue(s.metrics().get("throughput") > 0, s.metrics().toString());
        }
    }

    @Test
    void brokenPromQlIsReportedAndTheOtherQueriesGoOn() throws Exception {
        PromQlMapping mapping = PromQlMapping.parse("""
                metrics:
                  - metric: broken
                    query: rate(node_load1[
                  - metric: not_a_vector
                    query: node_load1[1m]
                  - metric: load_1
                    query: node_load1
                """, "test");
        try (var r = new PrometheusQueryReader(prometheus.url(), mapping, Duration.ofSeconds(2), 2, "f", "f")) {
            PrometheusQueryReader.Cycle c = readUntil(r, "load_1");
            assertEquals(2, c.failures().size(), c.failures().toString());
            assertTrue(
                    c.failures().get("broken#0").contains("bad_data"),
                    c.failures().toString());
            assertTrue(
                    c.failures().get("not_a_vector#1").contains("matrix"),
                    c.failures().toString());
            assertEquals(1, c.snapshots().size());
            assertTrue(c.snapshots().get(0).metrics().get("load_1") >= 0);
            assertTrue(c.latencyMillis() < 1000, c.latencyMillis() + " ms");
        }
    }

    @Test
    void unreachableServerIsReportedAtOnce() throws Exception {
        int port = NodeExporterProcess.freePort(); // nothing listens there
        try (var r = new PrometheusQueryReader(
                "http://127.0.0.1:" + port, PromQlMapping.defaults(), Duration.ofSeconds(2), 4, "f", "f")) {
            PrometheusQueryReader.Cycle c = r.read(System.currentTimeMillis());
            assertTrue(c.snapshots().isEmpty());
            assertEquals(c.queries(), c.failures().size());
            assertTrue(
                    c.failures().values().iterator().next().contains("ConnectException"),
                    c.failures().toString());
            assertTrue(c.latencyMillis() < 2000, c.latencyMillis() + " ms");
        }
    }

    @Test
    void aServerThatNeverAnswersCostsOneTimeoutNotOnePerQuery() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // reads nothing, answers nothing
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            accept.setDaemon(true);
            accept.start();
            PromQlMapping mapping = PromQlMapping.defaults(); // dozens of queries, 2 threads
            try (var r = new PrometheusQueryReader(
                    "http://127.0.0.1:" + silent.getLocalPort(), mapping, Duration.ofMillis(400), 2, "f", "f")) {
                PrometheusQueryReader.Cycle c = r.read(System.currentTimeMillis());
                assertEquals(c.queries(), c.failures().size());
                assertTrue(
                        c.failures().values().iterator().next().contains("no answer within 400 ms"),
                        c.failures().toString());
                assertTrue(c.latencyMillis() < 1500, mapping.entries().size() + " queries took " + c.latencyMillis());
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
