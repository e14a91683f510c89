package io.maximus.hcl.operators.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.plan.PolicyPlanner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PolicyPlanOperatorTest {

    private static final long T0 = 1_772_409_600_000L; // 2026-03-02T00:00Z

    private static KeyedOneInputStreamOperatorTestHarness<String, ScoredSnapshot, ActionPlan> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PolicyPlanOperator(
                        new PolicyPlanner(PolicyPlanner.Config.defaults(PolicyPlanner.Policy.HPA)),
                        Duration.ofHours(1))),
                s -> s.snapshot().service(),
                Types.STRING);
    }

    /** 3 hosts every 10 s from {@code from} to {@code to} (seconds after T0), the watermark following. */
    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, ScoredSnapshot, ActionPlan> h, int from, int to, double cpu)
            throws Exception {
        for (int s = from; s < to; s += 10) {
            long t = T0 + s * 1000L;
            for (int host = 0; host < 3; host++) {
                TelemetrySnapshot snap =
                        new TelemetrySnapshot(t, "h" + host, "checkout", Map.of("cpu_usage", cpu), Map.of());
                AnomalyScore a = new AnomalyScore(snap.scope(), t, "baseline", 0.1, 1.0, Map.of(), List.of());
                h.processElement(new StreamRecord<>(new ScoredSnapshot(snap, a), t));
            }
            h.processWatermark(t);
        }
    }

    @Test
    void aHostWhoseScorerRunsAheadDoesNotCloseTheStepOnTheOthers() throws Exception {
        // h0 comes from a scorer subtask 2 minutes ahead of h1's and h2's (as in a replay): its snapshots of later
        // steps are held until the watermark closes each step, so every step is decided on the 3 hosts.
        try (var h = harness()) {
            h.open();
            for (int s = 0; s < 420; s += 10) {
                long t = T0 + s * 1000L;
                double cpu = s < 300 ? 40 : 95;
                element(h, "h0", t + 120_000, s + 120 < 300 ? 40 : 95);
                element(h, "h1", t, cpu);
                element(h, "h2", t, cpu);
                h.processWatermark(t);
            }
            h.processWatermark(Long.MAX_VALUE);
            List<ActionPlan> capacity = h.extractOutputValues().stream()
                    .filter(p -> p.rule().startsWith(PolicyPlanner.RULE_PREFIX))
                    .toList();
            assertThat(capacity).isNotEmpty();
            assertThat(capacity.get(0).stateBefore()).containsEntry("replicas_ready", 3.0);
            assertThat(capacity.get(0).actions().get(0).params()).containsEntry("target_replicas", 5);
        }
    }

    private static void element(
            KeyedOneInputStreamOperatorTestHarness<String, ScoredSnapshot, ActionPlan> h,
            String host,
            long t,
            double cpu)
            throws Exception {
        TelemetrySnapshot snap = new TelemetrySnapshot(t, host, "checkout", Map.of("cpu_usage", cpu), Map.of());
        AnomalyScore a = new AnomalyScore(snap.scope(), t, "baseline", 0.1, 1.0, Map.of(), List.of());
        h.processElement(new StreamRecord<>(new ScoredSnapshot(snap, a), t));
    }

    @Test
    void theStepClosesOnTheWatermarkAndTheConfirmationSurvivesASnapshot() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            feed(h, 0, 300, 40);
            feed(h, 300, 330, 95); // one hot step: a scale-up called for, not yet confirmed
            h.processWatermark(T0 + 330_000);
            assertThat(h.extractOutputValues()).isEmpty();
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            feed(restored, 330, 360, 95);
            restored.processWatermark(T0 + 360_000);
            assertThat(restored.extractOutputValues()).singleElement().satisfies(p -> {
                assertThat(p.eventTime()).isEqualTo(T0 + 360_000 - 1);
                assertThat(p.rule()).isEqualTo("plan-policy-hpa");
                assertThat(p.actions().get(0).params()).containsEntry("target_replicas", 5);
            });
            // the fuzzy mode's confirmations survived too: the third hot step raises it, one set_mode
            feed(restored, 360, 420, 95);
            restored.processWatermark(T0 + 420_000);
            List<ActionPlan> modes = restored.extractOutputValues().stream()
                    .filter(p -> p.rule().equals(PolicyPlanner.MODE_RULE))
                    .toList();
            assertThat(modes).singleElement().satisfies(p -> {
                assertThat(p.eventTime()).isEqualTo(T0 + 390_000 - 1);
                assertThat(p.actions().get(0).params()).containsEntry("mode", "HIGH_PERFORMANCE");
            });
        }
    }

    private static final String ONLINE =
            "online-knn since 2026-03-02T01:00:00Z (fit 1, 240 rows, learning since 2026-03-02T00:00:00Z)";

    /** 3 hosts every 10 s at 40% CPU scored by {@code detector}: h1 {@code score}, the others 95% of it (threshold 0.85). */
    private static void scored(
            KeyedOneInputStreamOperatorTestHarness<String, ScoredSnapshot, ActionPlan> h,
            int from,
            int to,
            String detector,
            double score)
            throws Exception {
        for (int s = from; s < to; s += 10) {
            long t = T0 + s * 1000L;
            for (int host = 0; host < 3; host++) {
                TelemetrySnapshot snap =
                        new TelemetrySnapshot(t, "h" + host, "ledger", Map.of("cpu_usage", 40.0), Map.of());
                AnomalyScore a = new AnomalyScore(
                        snap.scope(), t, detector, host == 1 ? score : score * 0.95, 0.85, Map.of(), List.of());
                h.processElement(new StreamRecord<>(new ScoredSnapshot(snap, a), t));
            }
            h.processWatermark(t);
        }
    }

    @Test
    void anAnomalyDrivenModeChangeNamesTheOnlineModelAndSinceWhenAcrossARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            scored(h, 0, 600, ONLINE, 0.3);
            scored(h, 600, 660, ONLINE, 1.0); // two anomalous steps: not yet a mode change
            h.processWatermark(T0 + 660_000);
            assertThat(h.extractOutputValues()).isEmpty();
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            scored(restored, 660, 720, ONLINE, 1.0);
            restored.processWatermark(T0 + 720_000);
            assertThat(restored.extractOutputValues()).singleElement().satisfies(p -> {
                assertThat(p.rule()).isEqualTo(PolicyPlanner.MODE_RULE);
                assertThat(p.actions().get(0).params()).containsEntry("mode", "HIGH_PERFORMANCE");
                assertThat(p.evidence()).singleElement().satisfies(e -> {
                    assertThat(e.source()).isEqualTo("anomaly");
                    assertThat(e.host()).isEqualTo("h1");
                    assertThat(e.model()).isEqualTo("online");
                    assertThat(e.since()).isEqualTo("2026-03-02T01:00:00Z");
                    assertThat(e.learningSince()).isEqualTo("2026-03-02T00:00:00Z");
                    assertThat(e.detector()).isEqualTo(ONLINE);
                    assertThat(e.score()).isEqualTo(1.0);
                });
            });
        }
    }

    @Test
    void stateIsAFlinkPojo() {
        TypeInformation<PolicyPlanner.State> info = TypeInformation.of(PolicyPlanner.State.class);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
        for (int i = 0; i < pojo.getArity(); i++) {
            assertThat(pojo.getTypeAt(i).getClass().getSimpleName())
                    .as(pojo.getPojoFieldAt(i).getField().getName())
                    .isNotEqualTo("GenericTypeInfo");
        }
    }

    @Test
    void theScopeIsTheService() throws Exception {
        try (var h = harness()) {
            h.open();
            feed(h, 0, 120, 99);
            h.processWatermark(T0 + 120_000);
            assertThat(h.extractOutputValues())
                    .isNotEmpty()
                    .allSatisfy(p -> assertThat(p.scope()).isEqualTo(Scope.service("checkout")));
        }
    }
}
