package io.maximus.hcl.operators.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.baseline.BaselineDetector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class BaselineAnomalyScorerTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, TelemetrySnapshot, ScoredSnapshot> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new BaselineAnomalyScorer(
                        new BaselineDetector(BaselineDetector.Config.defaults()), Duration.ofHours(1))),
                BaselineAnomalyScorer::key,
                Types.STRING);
    }

    private static StreamRecord<TelemetrySnapshot> snap(String host, int i, double cpu) {
        return new StreamRecord<>(
                new TelemetrySnapshot(i * 15_000L, host, "svc", Map.of("cpu_usage", cpu), Map.of()), i * 15_000L);
    }

    @Test
    void keepsStatisticsPerHostAndCarriesThemThroughASnapshot() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            for (int i = 0; i < 40; i++) {
                h.processElement(snap("calm", i, 30 + (i % 3)));
                h.processElement(snap("other", i, 60 + (i % 3)));
            }
            // 60% is normal for "other" but an anomaly for "calm": statistics are per key.
            h.processElement(snap("calm", 40, 60));
            h.processElement(snap("other", 40, 61));
            List<ScoredSnapshot> out = h.extractOutputValues();
            assertThat(out).hasSize(82);
            assertThat(out.get(80).anomaly().anomalous()).isTrue();
            assertThat(out.get(80).anomaly().scope().host()).isEqualTo("calm");
            assertThat(out.get(81).anomaly().anomalous()).isFalse();
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(snap("calm", 41, 90));
            assertThat(restored.extractOutputValues())
                    .singleElement()
                    .satisfies(s -> assertThat(s.anomaly().anomalous())
                            .as("restored statistics score at once")
                            .isTrue());
        }
    }
}
