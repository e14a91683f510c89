package io.maximus.hcl.models.plan.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {

    @TempDir
    Path dir;

    @Test
    void resamplesLinearlyAndBridgesEmptyValues() throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(
                f,
                "time,rps,flag\n"
                        + "2024-01-01 00:00:00,100,ok\n"
                        + "2024-01-01 00:05:00,,not_logged\n"
                        + "2024-01-01 00:10:00,300,ok\n"
                        + "2024-01-01 00:15:00,0,outage");
        Trace t = TraceReader.read(f, "time", "rps", 30);
        assertThat(t.stepSeconds()).isEqualTo(30);
        assertThat(t.length()).isEqualTo(31);
        assertThat(t.values()[0]).isEqualTo(100);
        assertThat(t.values()[10]).isEqualTo(200, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.values()[20]).isEqualTo(300);
        assertThat(t.values()[25]).isEqualTo(150, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.values()[30]).isZero();
        assertThat(t.startSeconds()).isEqualTo(1704067200L);
    }

    @Test
    void numericSecondsAndIsoTimesAndMissingColumns() throws IOException {
        Path f = dir.resolve("n.csv");
        Files.writeString(f, "timestamp,cpu\n0,1\n60,3\n");
        Trace t = TraceReader.read(f, "timestamp", "cpu", 15);
        assertThat(t.values()).containsExactly(1, 1.5, 2, 2.5, 3);
        assertThat(TraceReader.parseTime("2024-01-01T00:00:00Z")).isEqualTo(1704067200.0);
        assertThat(TraceReader.parseTime("1704067200000")).isEqualTo(1704067200.0);
        assertThatThrownBy(() -> TraceReader.read(f, "timestamp", "nope", 15)).hasMessageContaining("nope");
    }

    @Test
    void scalesTheP95ToTheGivenReplicas() {
        Trace t = new Trace("x", 0, 30, new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        Trace scaled = t.scaledTo(t, 10, 80, 0.7);
        assertThat(scaled.quantile(0.95)).isCloseTo(560, org.assertj.core.data.Offset.offset(1e-9));
    }
}
