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

/**
 * A savepoint of the baseline detector's own operator (before one uid scored with either detector) still counts:
 * its {@code rolling-stats} state, restored into {@link LegacyBaselineState}, reaches the scorer once per key, which
 * then scores exactly as the old operator would have.
 */
class LegacyBaselineStateTest {

    private static final BaselineDetector DETECTOR = new BaselineDetector(BaselineDetector.Config.defaults());
    private static final Duration TTL = Duration.ofHours(1);

    private static StreamRecord<TelemetrySnapshot> snap(String host, int i, double cpu) {
        return new StreamRecord<>(
                new TelemetrySnapshot(i * 15_000L, host, "svc", Map.of("cpu_usage", cpu), Map.of()), i * 15_000L);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TelemetrySnapshot, ScoredSnapshot> old()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new BaselineAnomalyScorer(DETECTOR, TTL)),
                BaselineAnomalyScorer::key,
                Types.STRING);
    }

    @Test
    void theOldBaselineOperatorsStatisticsReachTheScorerOnceAndScoreAsBefore() throws Exception {
        OperatorSubtaskState savepoint;
        try (var h = old()) {
            h.open();
            for (int i = 0; i < 40; i++) {
                h.processElement(snap("calm", i, 30 + (i % 3)));
            }
            savepoint = h.snapshot(1, 1);
        }
        // What the old operator, restored, says of 60% on the calm host.
        double expected;
        try (var h = old()) {
            h.initializeState(savepoint);
            h.open();
            h.processElement(snap("calm", 40, 60));
            ScoredSnapshot s = h.extractOutputValues().get(0);
            assertThat(s.anomaly().anomalous()).isTrue();
            expected = s.anomaly().score();
        }

        List<ScorerInput> handed;
        try (var legacy = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LegacyBaselineState(TTL)), BaselineAnomalyScorer::key, Types.STRING)) {
            legacy.initializeState(savepoint);
            legacy.open();
            legacy.processElement(snap("calm", 40, 60));
            legacy.processElement(snap("calm", 41, 31));
            handed = legacy.extractOutputValues();
        }
        assertThat(handed).hasSize(2);
        assertThat(handed.get(0).legacyBaseline()).isNotNull();
        assertThat(handed.get(0).legacyBaseline().snapshots).isEqualTo(40);
        assertThat(handed.get(1).legacyBaseline()).as("handed over once").isNull();

        try (var scorer = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(AttentionAnomalyScorer.baselineOnly(DETECTOR, TTL)),
                (ScorerInput in) -> BaselineAnomalyScorer.key(in.snapshot()),
                Types.STRING)) {
            scorer.open();
            for (ScorerInput in : handed) {
                scorer.processElement(new StreamRecord<>(in, in.snapshot().timestamp()));
            }
            List<ScoredSnapshot> out = scorer.extractOutputValues();
            assertThat(out.get(0).anomaly().anomalous()).isTrue();
            assertThat(out.get(0).anomaly().score()).isEqualTo(expected);
            assertThat(out.get(1).anomaly().anomalous()).isFalse();
        }
    }
}
