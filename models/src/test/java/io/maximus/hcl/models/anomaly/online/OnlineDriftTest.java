package io.maximus.hcl.models.anomaly.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.AnomalyScore;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The online model on a new host (20-second scrapes) whose memory creeps up slowly, from its first snapshot or after
 * an hour and a half of calm: a slow trend within normal bounds is the exhaustion predictor's job, not an anomaly;
 * a CPU step of five standard deviations on the same host is still flagged. Settings chosen on these hand-made
 * series (models/README.md).
 */
class OnlineDriftTest {

    private static final long T0 = 1_780_000_000_000L;

    /** Memory creeping {@code slope} points a minute from minute {@code kinkAt}; CPU up {@code step} for 20 minutes. */
    private static TelemetrySnapshot host(
            int i, SplittableRandom r, double slope, int kinkAt, int stepAt, double step, double memNoise) {
        double minute = i / 3.0;
        double mem = 40 + slope * Math.max(0, minute - kinkAt) + memNoise * r.nextGaussian();
        boolean stepped = stepAt >= 0 && minute >= stepAt && minute < stepAt + 20;
        return new TelemetrySnapshot(
                T0 + i * 20_000L,
                "ledger-9",
                "ledger",
                Map.of(
                        "cpu_usage",
                        35 + 4 * r.nextGaussian() + (stepped ? step : 0),
                        "memory_usage",
                        Math.min(100, mem),
                        "requests_per_s",
                        120 + 10 * r.nextGaussian()),
                Map.of());
    }

    /** Snapshots flagged outside the step, and inside it, and how many the step has. */
    private static int[] run(
            OnlineAnomalyModel.Settings set,
            double slope,
            int kinkAt,
            int stepAt,
            double step,
            double noise,
            int minutes,
            long seed) {
        OnlineAnomalyModel m = new OnlineAnomalyModel(set);
        OnlineModelState st = new OnlineModelState();
        SplittableRandom r = new SplittableRandom(seed);
        int[] out = new int[3];
        for (int i = 0; i < minutes * 3; i++) {
            AnomalyScore s = m.observe(st, host(i, r, slope, kinkAt, stepAt, step, noise))
                    .score();
            if (s == null) {
                continue;
            }
            double minute = i / 3.0;
            if (stepAt >= 0 && minute >= stepAt && minute < stepAt + 20) {
                out[2]++;
                out[1] += s.anomalous() ? 1 : 0;
            } else {
                out[0] += s.anomalous() ? 1 : 0;
            }
        }
        return out;
    }

    @Test
    void aSlowMemoryCreepIsNotAnAnomalyFromTheStartOrAfterCalm() {
        OnlineAnomalyModel.Settings d = OnlineAnomalyModel.Settings.defaults();
        for (double slope : new double[] {0.1, 0.25, 0.45}) {
            for (double noise : new double[] {0.3, 0.8}) {
                assertThat(run(d, slope, 0, -1, 0, noise, 150, 1)[0])
                        .as(
                                "creep of %.2f points a minute (noise %.1f) from the start: snapshots flagged",
                                slope, noise)
                        .isZero();
                assertThat(run(d, slope, 90, -1, 0, noise, 200, 2)[0])
                        .as("creep of %.2f points a minute (noise %.1f) after 90 calm minutes", slope, noise)
                        .isZero();
            }
        }
    }

    @Test
    void withoutTheTrendAndWithTheOneHourLevelTheCreepAfterCalmWasFlagged() {
        OnlineAnomalyModel.Settings before =
                OnlineAnomalyModel.Settings.defaults().withLevel(240, 0);
        assertThat(run(before, 0.25, 90, -1, 0, 0.8, 200, 2)[0])
                .as("the behaviour this fixes")
                .isGreaterThan(100);
    }

    @Test
    void aCpuStepOnTheCreepingHostIsStillFlagged() {
        int[] r = run(OnlineAnomalyModel.Settings.defaults(), 0.1, 0, 120, 20, 0.8, 200, 3);
        assertThat(r[1]).as("step snapshots flagged of %d", r[2]).isGreaterThanOrEqualTo(r[2] * 7 / 10);
        assertThat(r[0]).as("snapshots flagged outside the step").isLessThanOrEqualTo(2);
    }

    @Test
    void aStateSavedBeforeTrendsExistedGoesOnWithATrendFromZero() {
        OnlineAnomalyModel m = new OnlineAnomalyModel(OnlineAnomalyModel.Settings.defaults());
        OnlineModelState st = new OnlineModelState();
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < 300; i++) {
            m.observe(st, host(i, r, 0.1, 0, -1, 0, 0.8));
        }
        st.trend = null; // as restored from a savepoint of the model with a level only
        int flagged = 0;
        for (int i = 300; i < 900; i++) {
            flagged += m.observe(st, host(i, r, 0.1, 0, -1, 0, 0.8)).score().anomalous() ? 1 : 0;
        }
        assertThat(st.trend).hasSize(3);
        assertThat(st.trend[1])
                .as("memory's trend per snapshot (0.1 points a minute)")
                .isBetween(0.02, 0.05);
        assertThat(flagged).isLessThanOrEqualTo(2);
    }
}
