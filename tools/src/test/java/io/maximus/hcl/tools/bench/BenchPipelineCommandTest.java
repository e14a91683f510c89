package io.maximus.hcl.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs {@code hcl bench pipeline} small (6 hosts, 20 minutes of telemetry) and checks its JSON line is sane. */
class BenchPipelineCommandTest {

    @Test
    void measuresPassThroughHclAndLatency() throws Exception {
        BenchPipelineCommand c = new BenchPipelineCommand();
        c.services = 2;
        c.hosts = 3;
        c.duration = "20m";
        c.metrics = 20;
        c.parallelism = 1;
        c.live = "12s";
        Map<String, Object> r = c.run();

        assertThat(r.get("records")).isEqualTo(480L);
        assertThat(r.get("keys")).isEqualTo(6);
        long pass = ((Number) r.get("passthrough_rps")).longValue();
        long hcl = ((Number) r.get("hcl_rps")).longValue();
        assertThat(pass).isPositive();
        assertThat(hcl).isPositive();
        assertThat((double) r.get("ratio")).isCloseTo((double) hcl / pass, org.assertj.core.data.Offset.offset(0.01));
        assertThat(((Number) r.get("live_scores")).longValue()).isPositive();
        long p50 = ((Number) r.get("latency_p50_ms")).longValue();
        long p99 = ((Number) r.get("latency_p99_ms")).longValue();
        assertThat(p50).isBetween(0L, 10_000L);
        assertThat(p99).isBetween(p50, 60_000L);
        assertThat((double) r.get("cpu_per_1k_records_ms")).isPositive();
        assertThat(((Number) r.get("state_bytes_per_key")).longValue()).isPositive();
        assertThat(((Number) r.get("checkpoint_ms")).longValue()).isBetween(0L, 60_000L);
        assertThat(r.get("metrics")).isEqualTo(20);
    }

    @Test
    void sweepsKeysWithOneLinePerPointAndAPlot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        BenchPipelineCommand c = new BenchPipelineCommand();
        c.services = 2;
        c.metrics = 0;
        c.parallelism = 1;
        c.keysSweep = java.util.List.of(4, 40);
        c.recordsPerPoint = 400;
        c.plot = dir.resolve("keys.svg");
        java.util.List<Map<String, Object>> printed = new java.util.ArrayList<>();
        assertThat(c.sweep(printed::add)).isEqualTo(printed);
        assertThat(printed).hasSize(2);
        assertThat(printed.get(0)).containsEntry("keys", 4).containsEntry("records", 400L);
        assertThat(printed.get(1)).containsEntry("keys", 40).containsEntry("records", 400L);
        for (Map<String, Object> p : printed) {
            assertThat(((Number) p.get("passthrough_rps")).longValue()).isPositive();
            assertThat(((Number) p.get("hcl_rps")).longValue()).isPositive();
            assertThat((double) p.get("cpu_per_1k_records_ms")).isPositive();
        }
        java.nio.file.Files.writeString(c.plot, KeysSweepPlot.svg(printed));
        assertThat(java.nio.file.Files.readString(c.plot)).startsWith("<svg").contains("40 keys");
    }
}
