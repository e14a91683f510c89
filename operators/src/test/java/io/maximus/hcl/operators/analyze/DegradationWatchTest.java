package io.maximus.hcl.operators.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.models.plan.DegradationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The degradation watch on Flink's keyed harness: a service whose p99 latency steps up by half is reported once as a
 * notify plan naming the rise and when it began, a calm service never, and the latency window survives a restore.
 */
class DegradationWatchTest {

    private static final long T = 1_767_225_600_000L;
    private static final long MINUTE = 60_000;

    private static KeyedOneInputStreamOperatorTestHarness<String, ServiceWindow, ActionPlan> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DegradationWatch(DegradationRule.defaults())),
                ServiceWindow::service,
                Types.STRING);
    }

    /** One-minute windows of {@code service}: p99 about 100 ms, about 150 ms from window {@code stepAt} on. */
    private static List<StreamRecord<ServiceWindow>> windows(String service, int n, int stepAt) {
        Random r = new Random(11);
        List<StreamRecord<ServiceWindow>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double latency = (i >= stepAt ? 150 : 100) + r.nextGaussian();
            Map<String, Double> m = Map.of("latency_p99", latency, "cpu_usage", 50.0);
            long start = T + i * MINUTE;
            out.add(new StreamRecord<>(
                    new ServiceWindow(
                            service, start, start + MINUTE, 3, 12, m, m, 0, List.of(), OperationalMode.BALANCED),
                    start + MINUTE - 1));
        }
        return out;
    }

    @Test
    void aLatencyStepIsReportedOnceAsANotifyPlan() throws Exception {
        try (var h = harness()) {
            h.open();
            for (var w : windows("cart", 50, 30)) {
                h.processElement(w);
            }
            for (var w : windows("search", 50, 1_000)) {
                h.processElement(w);
            }
            List<ActionPlan> plans = h.extractOutputValues();
            assertThat(plans).hasSize(1);
            ActionPlan p = plans.get(0);
            assertThat(p.scope().service()).isEqualTo("cart");
            assertThat(p.rule()).isEqualTo(DegradationRule.ID);
            assertThat(p.actions()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(ActionType.NOTIFY);
                assertThat(((Number) a.params().get("severity")).doubleValue()).isBetween(0.45, 0.55);
                assertThat(a.params().get("change_at"))
                        .isEqualTo(
                                java.time.Instant.ofEpochMilli(T + 30 * MINUTE).toString());
            });
        }
    }

    @Test
    void theLatencyWindowSurvivesARestore() throws Exception {
        List<StreamRecord<ServiceWindow>> input = windows("cart", 50, 30);
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            for (var w : input.subList(0, 35)) {
                h.processElement(w);
            }
            assertThat(h.extractOutputValues()).isEmpty();
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            for (var w : input.subList(35, input.size())) {
                h.processElement(w);
            }
            assertThat(h.extractOutputValues())
                    .extracting(ActionPlan::idempotencyKey)
                    .containsExactly(DegradationRule.ID + ":cart:" + (T + 30 * MINUTE));
        }
    }
}
