package io.maximus.hcl.operators.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.Decision;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.operators.metrics.HclMetrics;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.GatedAction;
import io.maximus.hcl.sinks.execute.GatedPlan;
import io.maximus.hcl.sinks.execute.PlanOutcome;
import io.maximus.hcl.sinks.execute.RollbackWatch;
import io.maximus.hcl.sinks.safety.SafetyManager.Gate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The outcome splitter on Flink's operator harness: one decision per plan with every action's result, one event per
 * action with its path and latency (by the manual clock), a rollback watch only for what was executed and can be
 * reverted, and no new decision for an approval's follow-up.
 */
class OutcomeSplitterTest {

    private static final long T = 1_767_225_600_000L;
    private static final Action SCALE = new Action(ActionType.SCALE_DEPLOYMENT, "shop/cart", Map.of("replicas", 4));
    private static final Action FLUSH = new Action(ActionType.FLUSH_CACHE, "cart:*", Map.of());
    private static final Action RESTART = new Action(ActionType.RESTART, "shop/cart", Map.of());

    private final ManualClock clock = new ManualClock(T + 3_500);

    private static PlanOutcome outcome(boolean followUp) {
        return outcome(followUp, 0L);
    }

    private static PlanOutcome outcome(boolean followUp, long arrivedAt) {
        ActionPlan plan = new ActionPlan(
                Scope.service("cart"),
                T,
                "cpu-high",
                "cpu high",
                OperationalMode.BALANCED,
                List.of(SCALE, FLUSH, RESTART),
                1,
                false,
                "k1",
                Map.of("cpu_usage", 90.0),
                arrivedAt);
        GatedPlan gp = new GatedPlan(
                plan,
                List.of(
                        new GatedAction(0, SCALE, Gate.RUN, "", "k1#0", "executed"),
                        new GatedAction(1, FLUSH, Gate.RUN, "", "k1#1", "dry_run"),
                        new GatedAction(2, RESTART, Gate.REFUSED, "rate limited", "k1#2", "denied")),
                followUp,
                T + 1_000,
                T + 500);
        List<ActionResult> results = List.of(
                new ActionResult(SCALE, ActionStatus.EXECUTED, false, "scale", "ok", T + 1_000, T + 3_000),
                new ActionResult(FLUSH, ActionStatus.DRY_RUN, true, "flush", "dry run", T + 1_000, T + 1_000),
                new ActionResult(RESTART, ActionStatus.DENIED, false, "restart", "rate limited", T + 1_000, T + 1_000));
        return new PlanOutcome(
                gp, results, List.of("{\"execution\":1}", "", ""), List.of("executed", "dry_run", "denied"), T + 3_000);
    }

    private OneInputStreamOperatorTestHarness<PlanOutcome, Decision> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new OutcomeSplitter(clock)));
    }

    @Test
    void anOutcomeIsSplitIntoItsDecisionEventsAndWatches() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(outcome(false), T));

            List<Decision> decisions = h.extractOutputValues();
            assertThat(decisions).hasSize(1);
            Decision d = decisions.get(0);
            assertThat(d.id()).isEqualTo(OutcomeSplitter.decisionId("k1"));
            assertThat(d.timestamp()).isEqualTo(T);
            assertThat(d.actionsTaken())
                    .extracting(Decision.ActionTaken::status)
                    .containsExactly(ActionStatus.EXECUTED, ActionStatus.DRY_RUN, ActionStatus.DENIED);

            List<ActionEvent> events = h.getSideOutput(OutcomeSplitter.EVENTS).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertThat(events).extracting(ActionEvent::path).containsExactly("executed", "dry_run", "denied");
            assertThat(events).extracting(ActionEvent::idempotencyKey).containsExactly("k1#0", "k1#1", "k1#2");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.decisionId()).isEqualTo(d.id());
                assertThat(e.latencyMillis()).isEqualTo(2_500); // manual clock minus the gate's time
            });

            List<RollbackWatch> watches = h.getSideOutput(OutcomeSplitter.WATCHES).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertThat(watches).hasSize(1);
            RollbackWatch w = watches.get(0);
            assertThat(w.idempotencyKey()).isEqualTo("k1#0");
            assertThat(w.actionTime()).isEqualTo(T + 500); // the gated plan's effective time
            assertThat(w.decisionTime()).isEqualTo(T);
            assertThat(w.executedAt()).isEqualTo(T + 3_000);
            assertThat(w.stateBefore()).containsEntry("cpu_usage", 90.0);
        }
    }

    @Test
    void anApprovalsFollowUpMakesEventsButNoNewDecision() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(outcome(true), T));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(OutcomeSplitter.EVENTS)).hasSize(3);
            assertThat(h.getSideOutput(OutcomeSplitter.WATCHES)).hasSize(1);
        }
    }

    /** A metric group that keeps every histogram under its name and labels, e.g. {@code name{clock=event,}}. */
    private static final class Recording extends UnregisteredMetricsGroup {
        private final Map<String, Histogram> histograms;
        private final String labels;

        Recording(Map<String, Histogram> histograms, String labels) {
            this.histograms = histograms;
            this.labels = labels;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new Recording(histograms, labels + key + "=" + value + ",");
        }

        @Override
        public <H extends Histogram> H histogram(String name, H h) {
            histograms.put(name + "{" + labels + "}", h);
            return h;
        }
    }

    @Test
    void theDecisionLatencyIsObservedInEventTimeFromArrivalAndFromTheGate() throws Exception {
        Map<String, Histogram> recorded = new HashMap<>();
        OutcomeSplitter splitter = new OutcomeSplitter(clock) {
            @Override
            HclMetrics newMetrics() {
                return new HclMetrics(new Recording(recorded, ""));
            }
        };
        try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(splitter))) {
            h.open();
            // the plan's evidence arrived 3.2 s before the decision (the manual clock is at T + 3.5 s)
            h.processElement(new StreamRecord<>(outcome(false, T + 300), T));
        }
        Histogram processing = recorded.get("hcl_decision_latency_seconds{clock=processing,}");
        Histogram event = recorded.get("hcl_decision_latency_seconds{clock=event,}");
        Histogram execute = recorded.get("hcl_decision_latency_seconds{clock=execute,}");
        assertThat(processing.getCount()).isEqualTo(1);
        // reported in seconds: arrival (T + 0.3 s), event time (T) and the gate (T + 1 s) to the decision (T + 3.5 s)
        assertThat(processing.getStatistics().getMean()).isEqualTo(3.2);
        assertThat(event.getStatistics().getMean()).isEqualTo(3.5);
        assertThat(execute.getStatistics().getMean()).isEqualTo(2.5);
    }

    @Test
    void aPlanWithoutArrivalTimeObservesNoProcessingLatency() throws Exception {
        Map<String, Histogram> recorded = new HashMap<>();
        OutcomeSplitter splitter = new OutcomeSplitter(clock) {
            @Override
            HclMetrics newMetrics() {
                return new HclMetrics(new Recording(recorded, ""));
            }
        };
        try (var h = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(splitter))) {
            h.open();
            h.processElement(new StreamRecord<>(outcome(false, 0L), T));
        }
        assertThat(recorded).containsKey("hcl_decision_latency_seconds{clock=event,}");
        assertThat(recorded).doesNotContainKey("hcl_decision_latency_seconds{clock=processing,}");
    }
}
