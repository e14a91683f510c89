package io.maximus.hcl.operators.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class QuorumWatermarksTest {

    private static final long T0 = 1_772_409_600_000L;

    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput out = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark w) {
            emitted.add(w.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    };

    @Test
    void oneHostAheadDoesNotMoveTheWatermark() {
        QuorumWatermarks w = new QuorumWatermarks(Duration.ofSeconds(30), 3, Duration.ofHours(1));
        for (String h : List.of("a", "b", "c")) {
            event(w, h, T0);
        }
        w.onPeriodicEmit(out);
        event(w, "skewed", T0 + 9 * 60_000);
        event(w, "skewed-too", T0 + 9 * 60_000);
        w.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(T0 - 30_001);
        event(w, "third", T0 + 9 * 60_000);
        w.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(T0 - 30_001, T0 + 9 * 60_000 - 30_001);
    }

    @Test
    void withOneHostItIsTheBoundedOutOfOrdernessWatermark() {
        QuorumWatermarks w = new QuorumWatermarks(Duration.ofSeconds(30), 3, Duration.ofHours(1));
        w.onPeriodicEmit(out);
        event(w, "only", T0);
        event(w, "only", T0 + 15_000);
        event(w, "only", T0 + 5_000);
        w.onPeriodicEmit(out);
        w.onPeriodicEmit(out);
        assertThat(emitted)
                .as("nothing before the first record, never twice the same")
                .containsExactly(T0 - 15_001);
    }

    private static void event(QuorumWatermarks w, String host, long t) {
        w.onEvent(new TelemetrySnapshot(t, host, "svc", Map.of("cpu_usage", 1.0), Map.of()), t, null);
    }
}
