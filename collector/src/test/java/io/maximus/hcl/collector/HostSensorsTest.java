package io.maximus.hcl.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.TelemetrySnapshot;
import org.junit.jupiter.api.Test;

/** HostSensors on this very host: the metric count and plausible ranges, gauges first, rates from the second read. */
class HostSensorsTest {

    @Test
    void readsThisHostWithPlausibleValues() throws Exception {
        HostSensors sensors = new HostSensors();
        long t0 = System.currentTimeMillis();
        TelemetrySnapshot first = sensors.read("h1", "svc", t0);
        assertThat(first.metrics()).doesNotContainKeys("cpu_usage", "net_rx_bytes_per_s"); // need two reads
        Thread.sleep(1000);
        TelemetrySnapshot s = sensors.read("h1", "svc", System.currentTimeMillis());
        assertThat(s.host()).isEqualTo("h1");
        assertThat(s.service()).isEqualTo("svc");
        assertThat(s.labels()).containsEntry("source", "host");
        // 5 CPU shares + 3 loads + cpu_count + 3 memory + filesystem + processes + threads + 9 rates + uptime = 25
        // on Linux (where load averages exist)
        assertThat(s.metrics()).hasSize(25);
        for (String pct : new String[] {
            "cpu_usage",
            "cpu_user",
            "cpu_system",
            "cpu_steal",
            "disk_io_wait",
            "memory_usage",
            "swap_usage",
            "filesystem_usage"
        }) {
            assertThat(s.metrics().get(pct)).as(pct).isBetween(0.0, 100.0);
        }
        // a cgroup may give the JVM fewer processors than the host has, never more
        assertThat(s.metrics().get("cpu_count"))
                .isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(s.metrics().get("memory_available_bytes")).isPositive();
        assertThat(s.metrics().get("processes")).isGreaterThan(1.0);
        assertThat(s.metrics().get("threads"))
                .isGreaterThanOrEqualTo(s.metrics().get("processes"));
        assertThat(s.metrics().get("context_switches_per_s")).isPositive();
        assertThat(s.metrics().get("uptime_seconds")).isPositive();
        assertThat(s.metrics().get("load_1")).isGreaterThanOrEqualTo(0.0);
        assertThat(s.metrics().values()).allMatch(Double::isFinite);
    }
}
