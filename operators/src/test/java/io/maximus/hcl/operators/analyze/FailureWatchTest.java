package io.maximus.hcl.operators.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.FailureRisk;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.failure.FailureMonitor;
import io.maximus.hcl.models.failure.FleetFailureModel;
import java.time.Duration;
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

class FailureWatchTest {

    private static final FleetFailureModel MODEL = FleetFailureModel.loadBundled();

    private static KeyedOneInputStreamOperatorTestHarness<String, TelemetrySnapshot, FailureRisk> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FailureWatch(
                        new FailureMonitor(MODEL, FailureMonitor.Config.defaults(MODEL)), Duration.ofHours(24))),
                s -> s.scope().key(),
                Types.STRING);
    }

    /** Two hours of one host every 15 s: calm, then from minute 80 memory leaks about 1.1 points a minute. */
    private static List<StreamRecord<TelemetrySnapshot>> leakingHost() {
        Random r = new Random(7);
        List<StreamRecord<TelemetrySnapshot>> out = new ArrayList<>();
        for (int i = 0; i < 2 * 60 * 4; i++) {
            long t = i * 15_000L;
            double minute = t / 60_000.0;
            double mem = 55 + r.nextGaussian() + Math.max(0, minute - 80) * 1.1;
            Map<String, Double> m = Map.of(
                    "cpu_usage",
                    40 + 2.5 * r.nextGaussian(),
                    "memory_usage",
                    Math.min(100, mem),
                    "latency_p99",
                    120 + Math.abs(6 * r.nextGaussian()),
                    "error_rate",
                    0.1 + 0.02 * r.nextGaussian(),
                    "database_connections",
                    40 + 2 * r.nextGaussian(),
                    "query_latency",
                    7 + Math.abs(r.nextGaussian() / 2),
                    "disk_io_wait",
                    2 + Math.abs(0.3 * r.nextGaussian()),
                    "request_queue",
                    6 + r.nextGaussian());
            out.add(new StreamRecord<>(new TelemetrySnapshot(t, "db-1", "orders", m, Map.of()), t));
        }
        return out;
    }

    @Test
    void aLeakRaisesOneAlarmWithAPlanAndTheWindowSurvivesARestore() throws Exception {
        List<StreamRecord<TelemetrySnapshot>> input = leakingHost();
        List<FailureRisk> straight;
        List<ActionPlan> plans;
        try (var h = harness()) {
            h.open();
            for (var rec : input) {
                h.processElement(rec);
            }
            straight = h.extractOutputValues();
            plans = h.getSideOutput(FailureWatch.PLANS).stream()
                    .map(StreamRecord::getValue)
                    .toList();
        }
        assertThat(straight).isNotEmpty().allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo(FailureRisk.KIND);
            assertThat(r.scope().key()).isEqualTo("orders/db-1");
        });
        FailureRisk raised = straight.get(0);
        assertThat(raised.transition()).isEqualTo("raised");
        assertThat(raised.probability()).isGreaterThanOrEqualTo(MODEL.threshold());
        assertThat(raised.drivers()).isNotEmpty();
        assertThat(raised.eventTime()).as("raised after the leak began").isGreaterThan(80 * 60_000L);
        assertThat(plans).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo("failure-predicted");
            assertThat(p.actions().get(0).type()).isEqualTo(ActionType.NOTIFY);
            assertThat(p.trigger()).contains("host db-1 of service orders", "memory_usage.");
            assertThat(p.idempotencyKey()).isEqualTo("failure-predicted:orders/db-1:" + raised.eventTime());
        });

        // the same input with a snapshot and restore in the middle of the leak gives the same predictions
        int cut = 90 * 4;
        OperatorSubtaskState snapshot;
        List<FailureRisk> resumed = new ArrayList<>();
        try (var h = harness()) {
            h.open();
            for (var rec : input.subList(0, cut)) {
                h.processElement(rec);
            }
            resumed.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            for (var rec : input.subList(cut, input.size())) {
                h.processElement(rec);
            }
            resumed.addAll(h.extractOutputValues());
        }
        assertThat(resumed).isEqualTo(straight);
    }
}
