package io.maximus.hcl.operators.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.anomaly.online.OnlineModelState;
import io.maximus.hcl.models.attention.AttentionAnalyzer;
import io.maximus.hcl.models.baseline.BaselineDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Keys the shipped artifact does not know, on hand-made telemetry unlike the generator's (a database service with
 * its own metric names): warm-up said as such, then the key's online model, its state through a snapshot and restore.
 */
class OnlineAnomalyScorerTest {

    static final long START = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();

    private static KeyedOneInputStreamOperatorTestHarness<String, ScorerInput, ScoredSnapshot> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AttentionAnomalyScorer(
                        "builtin",
                        null,
                        AttentionAnalyzer.Settings.defaults(),
                        42L,
                        new BaselineDetector(BaselineDetector.Config.defaults()),
                        Duration.ofHours(6))),
                (ScorerInput in) -> BaselineAnomalyScorer.key(in.snapshot()),
                Types.STRING);
    }

    /** 4 h of ledger-db on one host every 15 s; a replication incident from 3 h for 20 minutes. */
    static List<TelemetrySnapshot> ledger() {
        SplittableRandom r = new SplittableRandom(11);
        List<TelemetrySnapshot> out = new ArrayList<>();
        for (int i = 0; i < 960; i++) {
            boolean incident = i >= 720 && i < 800;
            double load = 0.5 + 0.3 * Math.sin(2 * Math.PI * i / 240.0);
            out.add(new TelemetrySnapshot(
                    START + i * 15_000L,
                    "db-7",
                    "ledger-db",
                    Map.of(
                            "db_connections",
                            40 + 30 * load + r.nextGaussian() * 2,
                            "replication_lag_s",
                            incident ? 9 + r.nextGaussian() : 0.2 + 0.05 * r.nextGaussian(),
                            "cache_hit_ratio",
                            incident ? 0.62 + 0.02 * r.nextGaussian() : 0.97 + 0.005 * r.nextGaussian(),
                            "wal_mb_per_s",
                            5 + 4 * load + 0.3 * r.nextGaussian()),
                    Map.of()));
        }
        return out;
    }

    private static List<ScoredSnapshot> run(List<TelemetrySnapshot> in) throws Exception {
        try (var h = harness()) {
            h.open();
            for (TelemetrySnapshot s : in) {
                h.processElement(new StreamRecord<>(new ScorerInput(s, null), s.timestamp()));
            }
            return h.extractOutputValues();
        }
    }

    @Test
    void anUnknownServiceWarmsUpThenItsOwnModelScoresItAndSaysSinceWhen() throws Exception {
        List<TelemetrySnapshot> in = ledger();
        List<ScoredSnapshot> out = run(in);
        assertThat(out).hasSize(in.size());
        assertThat(out.subList(0, 240))
                .allSatisfy(
                        s -> assertThat(s.anomaly().detector()).startsWith("baseline-ewma-z (online-knn warming up, "));
        assertThat(out.get(238).anomaly().detector()).contains("1 snapshots left");
        assertThat(out.get(239).anomaly().detector()).contains("0 snapshots left");
        assertThat(out.subList(240, out.size()))
                .allSatisfy(s -> assertThat(s.anomaly().detector()).startsWith("online-knn since 2026-03-02T"));
        assertThat(out.get(241).anomaly().detector()).contains("fit 1, 240 rows, learning since 2026-03-02T00:00:00Z");
        long calmFlagged = out.subList(240, 720).stream()
                .filter(s -> s.anomaly().anomalous())
                .count();
        long incidentFlagged = out.subList(730, 800).stream()
                .filter(s -> s.anomaly().anomalous())
                .count();
        assertThat(calmFlagged).as("calm snapshots flagged").isLessThan(10);
        assertThat(incidentFlagged).as("incident snapshots flagged (of 70)").isGreaterThan(60);
        assertThat(out.get(760).anomaly().salientMetrics()).containsAnyOf("replication_lag_s", "cache_hit_ratio");
        assertThat(out.get(out.size() - 1).anomaly().detector())
                .as("refitted as the key drifts")
                .doesNotContain("(fit 1,");
    }

    @Test
    void aKnownServiceLackingAModelMetricGetsAnOnlineModelToo() throws Exception {
        List<TelemetrySnapshot> in = new ArrayList<>();
        for (int i = 0; i < 260; i++) {
            in.add(new TelemetrySnapshot(
                    START + i * 15_000L, "h9", "checkout", Map.of("cpu_usage", 30.0 + (i % 7)), Map.of()));
        }
        List<ScoredSnapshot> out = run(in);
        assertThat(out.get(0).anomaly().detector()).contains("online-knn warming up");
        assertThat(out.get(259).anomaly().detector()).startsWith("online-knn since ");
    }

    @Test
    void theOnlineModelStateIsAFlinkPojoAndSurvivesASnapshotAndRestore() throws Exception {
        assertThat(TypeInformation.of(OnlineModelState.class)).isInstanceOf(PojoTypeInfo.class);
        // the detector-name cache is transient: the POJO's fields (what a savepoint holds) are the 20 public ones
        PojoTypeInfo<OnlineModelState> pojo =
                (PojoTypeInfo<OnlineModelState>) TypeInformation.of(OnlineModelState.class);
        assertThat(pojo.getArity()).isEqualTo(20);
        assertThat(pojo.getFieldIndex("detectorName")).isEqualTo(-1);
        List<TelemetrySnapshot> in = ledger();
        List<ScoredSnapshot> straight = run(in);
        int cut = 600; // after two fits
        List<ScoredSnapshot> resumed = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            for (TelemetrySnapshot s : in.subList(0, cut)) {
                h.processElement(new StreamRecord<>(new ScorerInput(s, null), s.timestamp()));
            }
            resumed.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            for (TelemetrySnapshot s : in.subList(cut, in.size())) {
                h.processElement(new StreamRecord<>(new ScorerInput(s, null), s.timestamp()));
            }
            resumed.addAll(h.extractOutputValues());
        }
        assertThat(resumed)
                .as("a restored job scores exactly as one that never stopped")
                .isEqualTo(straight);
    }

    /** A day and a half of a checkout API every 15 s, traffic following the day; errors and latency from hour 30. */
    static List<TelemetrySnapshot> dailyCycle() {
        SplittableRandom r = new SplittableRandom(17);
        List<TelemetrySnapshot> out = new ArrayList<>();
        for (int i = 0; i < 8640; i++) {
            boolean incident = i >= 7200 && i < 7320;
            double rps = 220 + 180 * Math.sin(2 * Math.PI * i / 5760 - Math.PI / 2) + 9 * r.nextGaussian();
            out.add(new TelemetrySnapshot(
                    START + i * 15_000L,
                    "co-3",
                    "checkout-api",
                    Map.of(
                            "requests_per_s",
                            rps,
                            "p95_ms",
                            (incident ? 480 : 120 + 0.15 * rps) + 6 * r.nextGaussian(),
                            "errors_per_s",
                            Math.abs((incident ? 12 : 0.002 * rps) + 0.3 * r.nextGaussian())),
                    Map.of()));
        }
        return out;
    }

    @Test
    void aDailyCycleIsFollowedFromTheFirstDayThroughARestoreAndAnIncidentIsStillFlagged() throws Exception {
        List<TelemetrySnapshot> in = dailyCycle();
        List<ScoredSnapshot> straight = run(in);
        long firstDay = straight.subList(240, 5760).stream()
                .filter(s -> s.anomaly().anomalous())
                .count();
        long incident = straight.subList(7200, 7320).stream()
                .filter(s -> s.anomaly().anomalous())
                .count();
        assertThat(firstDay).as("first-day snapshots flagged (of 5520)").isLessThan(55);
        assertThat(incident).as("incident snapshots flagged (of 120)").isGreaterThan(100);
        int cut = 2000; // mid-morning of the first day, with the level rising
        List<ScoredSnapshot> resumed = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            for (TelemetrySnapshot s : in.subList(0, cut)) {
                h.processElement(new StreamRecord<>(new ScorerInput(s, null), s.timestamp()));
            }
            resumed.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            for (TelemetrySnapshot s : in.subList(cut, in.size())) {
                h.processElement(new StreamRecord<>(new ScorerInput(s, null), s.timestamp()));
            }
            resumed.addAll(h.extractOutputValues());
        }
        assertThat(resumed)
                .as("the slow levels survive a restore: scores exactly as a job that never stopped")
                .isEqualTo(straight);
    }
}
