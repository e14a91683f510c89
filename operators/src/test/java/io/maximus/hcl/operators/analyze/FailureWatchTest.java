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

    private static KeyedOneInputStreamOperatorTestHarness<String, TelemetrySnapshot, FailureRisk> withExhaustion(
            FailureMonitor monitor) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new FailureWatch(monitor, FailureWatch.Exhaustion.defaults(), Duration.ofHours(24))),
                s -> s.scope().key(),
                Types.STRING);
    }

    /**
     * Two hours and ten minutes of a host the failure model cannot score (it lacks the model's metrics) every 20 s:
     * memory leaking from 40% to 100% at minute 130; disk calm; a pool of 20 connections.
     */
    private static List<StreamRecord<TelemetrySnapshot>> leakingUnknownHost() {
        Random r = new Random(3);
        List<StreamRecord<TelemetrySnapshot>> out = new ArrayList<>();
        for (long t = 0; t < 130 * 60_000L; t += 20_000L) {
            double minute = t / 60_000.0;
            Map<String, Double> m = Map.of(
                    "memory_usage",
                    Math.min(100, 40 + 0.7 * r.nextGaussian() + minute * 60 / 130),
                    "disk_usage",
                    70 + 0.05 * r.nextGaussian(),
                    "hikaricp_connections_active",
                    (double) Math.round(8 + 2 * r.nextGaussian()),
                    "hikaricp_connections_max",
                    20.0,
                    "queue_depth",
                    5 + r.nextGaussian());
            out.add(new StreamRecord<>(new TelemetrySnapshot(t, "kv-04", "sessions", m, Map.of()), t));
        }
        return out;
    }

    private static List<FailureRisk> run(
            KeyedOneInputStreamOperatorTestHarness<String, TelemetrySnapshot, FailureRisk> h,
            List<StreamRecord<TelemetrySnapshot>> input)
            throws Exception {
        for (var rec : input) {
            h.processElement(rec);
        }
        return h.extractOutputValues();
    }

    @Test
    void anExhaustionWarningCarriesItsMetricAndTimeToExhaustionAndItsStateSurvivesARestore() throws Exception {
        FailureMonitor monitor = new FailureMonitor(MODEL, FailureMonitor.Config.defaults(MODEL));
        List<StreamRecord<TelemetrySnapshot>> input = leakingUnknownHost();
        List<FailureRisk> straight;
        List<ActionPlan> plans;
        try (var h = withExhaustion(monitor)) {
            h.open();
            straight = run(h, input);
            plans = h.getSideOutput(FailureWatch.PLANS).stream()
                    .map(StreamRecord::getValue)
                    .toList();
        }
        assertThat(straight).isNotEmpty().allSatisfy(r -> {
            assertThat(r.evidence()).containsExactly(FailureRisk.EVIDENCE_EXHAUSTION);
            assertThat(r.probability())
                    .as("the model scores no row of this host")
                    .isZero();
        });
        FailureRisk raised = straight.get(0);
        assertThat(raised.transition()).isEqualTo("raised");
        assertThat(raised.alarm()).isTrue();
        assertThat(raised.exhaustingMetric()).isEqualTo("memory_usage");
        // memory reaches 100% at minute 130; the warning comes while there is at least 10 minutes left
        assertThat(raised.eventTime()).isBetween(45 * 60_000L, 120 * 60_000L);
        assertThat(raised.timeToExhaustionS()).isBetween(600L, 3600L);
        assertThat(raised.exhaustionAt()).isEqualTo(raised.eventTime() + 1000 * raised.timeToExhaustionS());
        assertThat(raised.exhaustionAt()).isBetween(115 * 60_000L, 145 * 60_000L);
        assertThat(plans).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo("failure-predicted");
            assertThat(p.trigger())
                    .startsWith("failure predicted on host kv-04 of service sessions: memory_usage runs out in ")
                    .contains("time to exhaustion " + raised.timeToExhaustionS() + " s")
                    .endsWith("evidence: exhaustion");
            assertThat(p.actions().get(0).params())
                    .containsEntry("evidence", "exhaustion")
                    .containsEntry("exhausting_metric", "memory_usage")
                    .containsEntry("time_to_exhaustion_s", raised.timeToExhaustionS());
        });

        // a snapshot and restore in the middle of the leak (before the warning) and again while it holds: the map
        // state of every followed metric carries on, so the events are the same
        long raisedMinute = raised.eventTime() / 60_000L;
        for (int cutMinute : List.of((int) raisedMinute - 20, (int) raisedMinute + 10)) {
            int cut = cutMinute * 3;
            OperatorSubtaskState snapshot;
            List<FailureRisk> resumed = new ArrayList<>();
            try (var h = withExhaustion(monitor)) {
                h.open();
                resumed.addAll(run(h, input.subList(0, cut)));
                snapshot = h.snapshot(1, 1);
            }
            try (var h = withExhaustion(monitor)) {
                h.initializeState(snapshot);
                h.open();
                resumed.addAll(run(h, input.subList(cut, input.size())));
            }
            assertThat(resumed).as("restored at minute %d", cutMinute).isEqualTo(straight);
        }
    }

    @Test
    void aSlowLeakTheModelMissesIsRaisedOnExhaustionAndAModelAlarmStaysOneAlarm() throws Exception {
        FailureMonitor monitor = new FailureMonitor(MODEL, FailureMonitor.Config.defaults(MODEL));
        List<FailureRisk> events;
        List<ActionPlan> plans;
        try (var h = withExhaustion(monitor)) {
            h.open();
            // memory from 55% at 0.35 points a minute from the start: 100% at minute 129
            events = run(h, leakingHost(0, 0.35, 125));
            plans = h.getSideOutput(FailureWatch.PLANS).stream()
                    .map(StreamRecord::getValue)
                    .toList();
        }
        assertThat(events).isNotEmpty().allSatisfy(r -> {
            assertThat(r.evidence()).containsExactly(FailureRisk.EVIDENCE_EXHAUSTION);
            assertThat(r.probability())
                    .as("the learned model does not see this leak")
                    .isLessThan(MODEL.threshold());
        });
        assertThat(events.stream().filter(r -> r.transition().equals("raised"))).hasSize(1);
        assertThat(events.get(0).eventTime()).isLessThan(119 * 60_000L);
        assertThat(plans)
                .singleElement()
                .satisfies(p -> assertThat(p.trigger())
                        .startsWith("failure predicted on host db-1 of service orders: memory_usage runs out in ")
                        .endsWith("evidence: exhaustion"));

        // the fast leak of the model's own test: with the exhaustion predictor on, still one alarm and one plan, on
        // the model's evidence, with the same trigger as without it
        List<ActionPlan> modelOnly;
        try (var h = harness()) {
            h.open();
            run(h, leakingHost());
            modelOnly = h.getSideOutput(FailureWatch.PLANS).stream()
                    .map(StreamRecord::getValue)
                    .toList();
        }
        try (var h = withExhaustion(monitor)) {
            h.open();
            List<FailureRisk> both = run(h, leakingHost());
            assertThat(both).allSatisfy(r -> assertThat(r.evidence()).contains(FailureRisk.EVIDENCE_MODEL));
            assertThat(h.getSideOutput(FailureWatch.PLANS).stream().map(StreamRecord::getValue))
                    .containsExactlyElementsOf(modelOnly);
        }
        assertThat(modelOnly)
                .singleElement()
                .satisfies(p -> assertThat(p.trigger())
                        .startsWith("failure predicted on host db-1 of service orders: P(failure in 10-30 min) = ")
                        .endsWith("evidence: model"));
    }

    /** Two hours of one host every 15 s: calm, then from minute 80 memory leaks about 1.1 points a minute. */
    private static List<StreamRecord<TelemetrySnapshot>> leakingHost() {
        return leakingHost(80, 1.1, 120);
    }

    /** One host every 15 s for {@code minutes}: calm at 55%, then from minute {@code from} memory leaks. */
    private static List<StreamRecord<TelemetrySnapshot>> leakingHost(double from, double perMinute, int minutes) {
        Random r = new Random(7);
        List<StreamRecord<TelemetrySnapshot>> out = new ArrayList<>();
        for (int i = 0; i < minutes * 4; i++) {
            long t = i * 15_000L;
            double minute = t / 60_000.0;
            double mem = 55 + r.nextGaussian() + Math.max(0, minute - from) * perMinute;
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

    /**
     * The lab's compressed time: 2-s points, a 2-minute window, a 5-minute horizon, restarts on memory_usage. An app
     * instance reported every 2 s, heap at 20% with a GC sawtooth of 4 points, leaks 0.4 points a second from second
     * 240 (100% at second 440): the warning comes at least a minute before exhaustion with the time to exhaustion in
     * real seconds, and beside the notify a restart of that ONE instance is planned (no restart for its idle peer).
     */
    @Test
    void inCompressedTimeAnInstanceRunningOutOfMemoryIsWarnedAboutEarlyAndRestarted() throws Exception {
        FailureWatch.Exhaustion lab = new FailureWatch.Exhaustion(
                io.maximus.hcl.models.failure.exhaustion.ExhaustionCeilings.defaults(),
                io.maximus.hcl.models.failure.exhaustion.ExhaustionSettings.defaults()
                        .withWindowMinutes(60)
                        .withHorizonMinutes(150),
                2_000,
                List.of("memory_usage"));
        List<FailureRisk> events;
        List<ActionPlan> plans;
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FailureWatch(null, lab, Duration.ofHours(1))),
                (TelemetrySnapshot s) -> s.scope().key(),
                Types.STRING)) {
            h.open();
            Random r = new Random(11);
            for (long t = 0; t < 440_000; t += 2_000) {
                double leak = t < 240_000 ? 0 : (t - 240_000) / 1000.0 * 0.4;
                double saw = (t / 2_000 % 5) * 1.0 + 0.2 * r.nextGaussian();
                for (String host : List.of("app-48000", "app-48001")) {
                    double mem = Math.min(100, 20 + saw + (host.endsWith("0") ? leak : 0));
                    h.processElement(new StreamRecord<>(
                            new TelemetrySnapshot(t, host, "app", Map.of("memory_usage", mem), Map.of()), t));
                }
            }
            events = h.extractOutputValues();
            plans = h.getSideOutput(FailureWatch.PLANS).stream()
                    .map(StreamRecord::getValue)
                    .toList();
        }
        FailureRisk raised = events.stream()
                .filter(e -> e.transition().equals("raised"))
                .findFirst()
                .orElseThrow();
        assertThat(raised.scope().host()).isEqualTo("app-48000");
        assertThat(raised.evidence()).containsExactly(FailureRisk.EVIDENCE_EXHAUSTION);
        assertThat(raised.exhaustingMetric()).isEqualTo("memory_usage");
        assertThat(raised.eventTime())
                .as("warned at least a minute before 100%% at 440 s")
                .isLessThan(380_000);
        assertThat(raised.timeToExhaustionS()).isBetween(60L, 300L);
        assertThat(events).allSatisfy(e -> assertThat(e.scope().host()).isEqualTo("app-48000"));
        assertThat(plans).hasSize(2);
        assertThat(plans.get(0).rule()).isEqualTo("failure-predicted");
        ActionPlan restart = plans.get(1);
        assertThat(restart.rule()).isEqualTo(io.maximus.hcl.models.failure.FailureAlarms.RESTART_RULE);
        assertThat(restart.actions()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.RESTART);
            assertThat(a.target()).isEqualTo("app");
            assertThat(a.params())
                    .containsEntry("instance", "app-48000")
                    .containsEntry("time_to_exhaustion_s", raised.timeToExhaustionS());
        });
        assertThat(restart.trigger()).startsWith("memory_usage of instance app-48000 of service app runs out in ");
    }
}
