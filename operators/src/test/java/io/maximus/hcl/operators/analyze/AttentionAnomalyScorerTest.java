package io.maximus.hcl.operators.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maximus.hcl.collector.SyntheticFleet;
import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.anomaly.artifact.InvalidModelException;
import io.maximus.hcl.models.attention.AttentionAnalyzer;
import io.maximus.hcl.models.baseline.BaselineDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The attention scorer on the shipped fleet artifact, fed by the synthetic fleet (another seed than training's). */
class AttentionAnomalyScorerTest {

    static final long START = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();

    private static KeyedOneInputStreamOperatorTestHarness<String, ScorerInput, ScoredSnapshot> harness(String model)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AttentionAnomalyScorer(
                        model,
                        null,
                        AttentionAnalyzer.Settings.defaults(),
                        42L,
                        new BaselineDetector(BaselineDetector.Config.defaults()),
                        Duration.ofHours(6))),
                (ScorerInput in) -> BaselineAnomalyScorer.key(in.snapshot()),
                Types.STRING);
    }

    /** {@code hours} of checkout's 2 hosts every 15 s, optionally with a 20-minute CPU spike 2 h in. */
    private static List<TelemetrySnapshot> fleet(double hours, boolean spike) {
        List<SyntheticFleet.Incident> incidents =
                spike ? List.of(SyntheticFleet.Incident.parse("cpu_spike:checkout:2h:20m", START)) : List.of();
        SyntheticFleet f = new SyntheticFleet(List.of("checkout"), 2, incidents, 42L);
        List<TelemetrySnapshot> out = new ArrayList<>();
        for (long t = START; t < START + (long) (hours * 3_600_000L); t += 15_000L) {
            out.addAll(f.at(t));
        }
        return out;
    }

    private static List<ScoredSnapshot> run(List<TelemetrySnapshot> in) throws Exception {
        try (var h = harness("builtin")) {
            h.open();
            for (TelemetrySnapshot s : in) {
                h.processElement(new StreamRecord<>(new ScorerInput(s, null), s.timestamp()));
            }
            return h.extractOutputValues();
        }
    }

    @Test
    void calmFleetIsMostlyPeripheralAndNeverAnomalous() throws Exception {
        List<ScoredSnapshot> out = run(fleet(4, false));
        assertThat(out).hasSize(2 * 4 * 240);
        long foveal = out.stream()
                .filter(s -> s.anomaly().detector().startsWith("foveal:"))
                .count();
        long anomalous = out.stream().filter(s -> s.anomaly().anomalous()).count();
        assertThat((double) foveal / out.size())
                .as("share escalated on calm data")
                .isBetween(0.005, 0.15);
        assertThat(anomalous).isZero();
        ScoredSnapshot f = out.stream()
                .filter(s -> s.anomaly().detector().startsWith("foveal:"))
                .findFirst()
                .orElseThrow();
        assertThat(f.anomaly().components())
                .containsKeys("isolation_forest", "pca_residual", "lstm_autoencoder", "salience");
        assertThat(f.anomaly().detector()).isEqualTo("foveal:fleet-20261125");
    }

    @Test
    void cpuSpikeEscalatesAndIsFlaggedOnBothHosts() throws Exception {
        List<ScoredSnapshot> out = run(fleet(3, true));
        long spikeStart = START + 2 * 3_600_000L;
        List<ScoredSnapshot> during = out.stream()
                .filter(s ->
                        s.snapshot().timestamp() >= spikeStart && s.snapshot().timestamp() < spikeStart + 20 * 60_000L)
                .toList();
        long flagged = during.stream().filter(s -> s.anomaly().anomalous()).count();
        assertThat((double) flagged / during.size())
                .as("share of spike snapshots flagged")
                .isGreaterThan(0.8);
        assertThat(during.stream()
                        .filter(s -> s.anomaly().anomalous())
                        .map(s -> s.snapshot().host())
                        .distinct())
                .containsExactlyInAnyOrder("checkout-1", "checkout-2");
        assertThat(during.stream()
                        .filter(s -> s.anomaly().anomalous())
                        .findFirst()
                        .orElseThrow()
                        .anomaly()
                        .salientMetrics())
                .contains("cpu_usage");
        long before = out.stream()
                .filter(s ->
                        s.snapshot().timestamp() < spikeStart && s.anomaly().anomalous())
                .count();
        assertThat(before).isZero();
    }

    @Test
    void stateSurvivesASnapshotAndRestore() throws Exception {
        List<TelemetrySnapshot> in = fleet(2.5, true);
        List<ScoredSnapshot> straight = run(in);
        int half = in.size() / 2;
        List<ScoredSnapshot> resumed = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = harness("builtin")) {
            h.open();
            for (TelemetrySnapshot s : in.subList(0, half)) {
                h.processElement(new StreamRecord<>(new ScorerInput(s, null), s.timestamp()));
            }
            resumed.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness("builtin")) {
            h.initializeState(snapshot);
            h.open();
            for (TelemetrySnapshot s : in.subList(half, in.size())) {
                h.processElement(new StreamRecord<>(new ScorerInput(s, null), s.timestamp()));
            }
            resumed.addAll(h.extractOutputValues());
        }
        assertThat(resumed)
                .as("a restored job scores exactly as one that never stopped")
                .isEqualTo(straight);
    }

    @Test
    void unknownServicesSayTheBaselineScoresThemWhileTheirOnlineModelWarmsUp() throws Exception {
        try (var h = harness("builtin")) {
            h.open();
            h.processElement(new StreamRecord<>(
                    new ScorerInput(
                            new TelemetrySnapshot(START, "h1", "unknown", Map.of("cpu_usage", 30.0), Map.of()), null),
                    START));
            assertThat(h.extractOutputValues())
                    .singleElement()
                    .satisfies(s -> assertThat(s.anomaly().detector())
                            .startsWith("baseline-ewma-z (online-knn warming up, 239 snapshots left)"));
        }
    }

    @Test
    void aMissingArtifactStopsTheTaskWithAClearError() {
        assertThatThrownBy(() -> {
                    try (var h = harness("/nonexistent/anomaly-v1")) {
                        h.open();
                    }
                })
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("manifest missing");
    }
}
