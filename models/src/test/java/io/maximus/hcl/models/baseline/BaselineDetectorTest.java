package io.maximus.hcl.models.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaselineDetectorTest {

    private final BaselineDetector detector = new BaselineDetector(BaselineDetector.Config.defaults());

    private static TelemetrySnapshot snap(long i, double cpu, double latency) {
        return new TelemetrySnapshot(i * 15_000, "h", "s", Map.of("cpu_usage", cpu, "latency_p99", latency), Map.of());
    }

    @Test
    void scoresNothingDuringWarmUpThenFlagsASpikeOnTheRightMetric() {
        RollingStatistics stats = new RollingStatistics();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            AnomalyScore s =
                    detector.scoreAndUpdate(snap(i, 40 + r.nextDouble(-2, 2), 100 + r.nextDouble(-5, 5)), stats);
            if (i < 20) {
                assertThat(s.score()).isZero();
            } else {
                assertThat(s.anomalous()).as("calm snapshot %d", i).isFalse();
            }
        }
        AnomalyScore spike = detector.scoreAndUpdate(snap(200, 95, 101), stats);
        assertThat(spike.anomalous()).isTrue();
        assertThat(spike.salientMetrics()).containsExactly("cpu_usage");
        assertThat(spike.components()).containsKey("z:cpu_usage");
        assertThat(spike.score()).isBetween(0.5, 1.0);
        assertThat(stats.snapshots).isEqualTo(201);
    }

    @Test
    void oneSpikeBarelyMovesTheBaselineButALastingShiftIsAbsorbed() {
        RollingStatistics stats = new RollingStatistics();
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 300; i++) {
            detector.scoreAndUpdate(snap(i, 40 + r.nextDouble(-2, 2), 100), stats);
        }
        double before = stats.get("cpu_usage").mean;
        detector.scoreAndUpdate(snap(300, 1000, 100), stats);
        assertThat(stats.get("cpu_usage").mean - before).isLessThan(0.1);
        int i = 301;
        while (detector.scoreAndUpdate(snap(i, 70 + r.nextDouble(-2, 2), 100), stats)
                .anomalous()) {
            i++;
            assertThat(i)
                    .as("a new level must become normal within a few half-lives")
                    .isLessThan(301 + 2000);
        }
    }

    @Test
    void nearConstantMetricsDoNotAlarmOnTinyChanges() {
        RollingStatistics stats = new RollingStatistics();
        for (int i = 0; i < 100; i++) {
            detector.scoreAndUpdate(snap(i, 50, 100), stats);
        }
        assertThat(detector.scoreAndUpdate(snap(100, 50.5, 100.5), stats).anomalous())
                .isFalse();
        assertThat(detector.scoreAndUpdate(snap(101, 80, 100), stats).anomalous())
                .isTrue();
    }

    @Test
    void metricStatsMatchThePlainMeanDuringWarmUp() {
        MetricStats s = new MetricStats();
        double[] xs = {3, 5, 7, 9};
        for (double x : xs) {
            s.update(x, 0.01);
        }
        assertThat(s.mean).isEqualTo(6.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.variance).isEqualTo(5.0, org.assertj.core.data.Offset.offset(1e-12));
    }
}
