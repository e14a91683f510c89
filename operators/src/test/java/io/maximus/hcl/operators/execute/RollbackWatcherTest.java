package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.sinks.execute.DecisionOutcome;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.RevertRequest;
import io.maximus.hcl.sinks.execute.RollbackWatch;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The rollback watcher on Flink's keyed two-input harness: 60 s of event time after an action it compares the key
 * metrics with the windows after it; worse by more than 20% asks for a revert, less keeps the action; every verdict
 * is a decision outcome stamped by the manual clock; a pending watch survives a snapshot and restore.
 */
class RollbackWatcherTest {

    private static final long T = 1_767_225_600_000L;

    private final ManualClock clock = new ManualClock(T + 90_000);

    private KeyedTwoInputStreamOperatorTestHarness<String, RollbackWatch, ServiceWindow, RevertRequest> harness()
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new RollbackWatcher(ExecuteConfig.defaults(), clock)),
                w -> w.scope().service(),
                ServiceWindow::service,
                Types.STRING);
    }

    private static RollbackWatch watch(String key) {
        return new RollbackWatch(
                "d-" + key,
                key,
                Scope.service("cart"),
                "cpu-high",
                T,
                Map.of("latency_p99", 100.0, "error_rate", 1.0),
                "{}",
                T + 10,
                0,
                T - 5_000);
    }

    /** A 30-second window of the service starting {@code startOffset} (plus 1 ms) after the action; ends exclusive. */
    private static ServiceWindow window(long startOffset, double latency) {
        Map<String, Double> m = Map.of("latency_p99", latency, "error_rate", 1.0, "cpu_usage", 50.0);
        return new ServiceWindow(
                "cart",
                T + 1 + startOffset,
                T + 1 + startOffset + 30_000,
                2,
                10,
                m,
                m,
                0,
                List.of(),
                OperationalMode.BALANCED);
    }

    private static <X> StreamRecord<X> at(X x, long t) {
        return new StreamRecord<>(x, t);
    }

    @Test
    void metricsWorseByMoreThanTwentyPercentWithinTheDelayRevertTheAction() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(at(watch("a#0"), T));
            h.processElement2(at(window(0, 125.0), T));
            assertThat(h.extractOutputValues())
                    .as("30 s after the action: not judged yet")
                    .isEmpty();
            h.processElement2(at(window(30_000, 135.0), T + 30_000)); // its end reaches T+60 s: the delay has passed

            List<RevertRequest> reverts = h.extractOutputValues();
            assertThat(reverts).hasSize(1);
            RevertRequest r = reverts.get(0);
            assertThat(r.watch().idempotencyKey()).isEqualTo("a#0");
            assertThat(r.reason())
                    .isEqualTo(
                            "rolled back: latency_p99 worse by 30% (100.0 -> 130.0) 60 s after the action (threshold 20%)");
            assertThat(r.stateAfter()).containsEntry("latency_p99", 130.0);
            assertThat(r.firedAt()).isEqualTo(T + 90_000);

            List<DecisionOutcome> outcomes = h.getSideOutput(RollbackWatcher.OUTCOMES).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertThat(outcomes).hasSize(1);
            assertThat(outcomes.get(0).reverted()).isTrue();
            assertThat(outcomes.get(0).outcome()).isEqualTo("FAILED");
            assertThat(outcomes.get(0).decisionTime()).isEqualTo(T - 5_000);
            assertThat(outcomes.get(0).decidedAt()).isEqualTo(T + 90_000);

            h.processElement2(at(window(60_000, 200.0), T + 60_000));
            assertThat(h.extractOutputValues()).as("judged once").hasSize(1);
        }
    }

    @Test
    void aSmallWorseningKeepsTheAction() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(at(watch("b#0"), T));
            h.processElement2(at(window(0, 110.0), T));
            h.processElement2(at(window(30_000, 120.0), T + 30_000)); // mean 115: 15% worse, under the threshold
            assertThat(h.extractOutputValues()).isEmpty();
            List<DecisionOutcome> outcomes = h.getSideOutput(RollbackWatcher.OUTCOMES).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertThat(outcomes).hasSize(1);
            assertThat(outcomes.get(0).reverted()).isFalse();
            assertThat(outcomes.get(0).outcome()).isEqualTo("PARTIAL");
        }
    }

    @Test
    void aPendingWatchSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement1(at(watch("c#0"), T));
            h.processElement2(at(window(0, 140.0), T));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement2(at(window(30_000, 140.0), T + 30_000));
            assertThat(h.extractOutputValues())
                    .extracting(r -> r.watch().idempotencyKey())
                    .containsExactly("c#0");
        }
    }
}
