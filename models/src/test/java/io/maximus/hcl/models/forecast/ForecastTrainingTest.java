package io.maximus.hcl.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastTrainingTest {

    /** Monday 2026-03-02 00:00 UTC. */
    private static final long T0 = 1_772_409_600L;

    @Test
    void readsTelemetryLinesAsTheMeanOverHosts(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("t.jsonl");
        Files.writeString(f, """
        {"timestamp":"2026-03-02T00:00:10Z","host":"a","service":"web","metrics":{"cpu_usage":10}}
        {"timestamp":"2026-03-02T00:05:10Z","host":"b","service":"web","metrics":{"cpu_usage":30}}
        {"timestamp":"2026-03-02T00:05:10Z","host":"c","service":"db","metrics":{"cpu_usage":99}}
        not json
        {"timestamp":"2026-03-02T00:31:00Z","host":"a","service":"web","metrics":{"cpu_usage":50}}
        """);
        var series = ForecastTrainer.readTelemetry(f, "web", "cpu_usage", 900);
        assertThat(series.firstBin()).isEqualTo(T0 / 900);
        assertThat(series.values()).hasSize(3);
        assertThat(series.values()[0]).isEqualTo(20.0);
        assertThat(series.values()[1]).isNaN();
        assertThat(series.values()[2]).isEqualTo(50.0);
    }
}
