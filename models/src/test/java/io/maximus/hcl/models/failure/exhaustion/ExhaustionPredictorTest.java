package io.maximus.hcl.models.failure.exhaustion;

import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.firstRaised;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.firstReach;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.minute;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.predictLinear;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.run;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.sample;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.saw;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ExhaustionPredictorTest {

    private final ExhaustionPredictor predictor = new ExhaustionPredictor(ExhaustionSettings.defaults());

    private static void report(String format, Object... args) {
        System.out.println("[exhaustion] " + String.format(Locale.ROOT, format, args));
    }

    @Test
    void linearLeakIsWarnedEarlyWithTheTimeToExhaustion() {
        // 45% -> 99% over two hours, 15 s samples, noise sigma 1 point; the trend reaches 100% at 122.2 min
        double slope = 54.0 / 120;
        double[] v = sample(120, m -> 45 + slope * m, 1.0, 100, 11);
        List<ExhaustionWarning> ws = run(predictor, v, 100);
        ExhaustionWarning w = firstRaised(ws);

        assertThat(w).isNotNull();
        double at = minute(w.timestamp());
        double reach99 = firstReach(v, 99);
        double trueTte = (100 - 45) / slope - at;
        double predicted = w.timeToExhaustionSeconds() / 60.0;
        report(
                "linear leak: raised at %.1f min, first sample >= 99%% at %.2f min (lead %.1f min), predicted TTE %.1f"
                        + " min, true TTE to 100%% %.1f min (error %+.1f%%), to the 99%% trend %.1f min; %s",
                at,
                reach99,
                reach99 - at,
                predicted,
                trueTte,
                100 * (predicted - trueTte) / trueTte,
                120 - at,
                w.evidence().summary());
        assertThat(reach99 - at).isGreaterThanOrEqualTo(10);
        assertThat(Math.abs(predicted - trueTte)).isLessThanOrEqualTo(0.25 * trueTte);
        assertThat(w.metric()).isEqualTo("memory_usage");
        assertThat(w.ceiling()).isEqualTo(100);
        assertThat(w.slopePerMinute()).isBetween(0.8 * slope, 1.2 * slope);
        assertThat(w.exhaustionAt()).isEqualTo(w.timestamp() + w.timeToExhaustionSeconds() * 1000);
        assertThat(w.evidence().method()).isEqualTo(ExhaustionEvidence.METHOD);
        assertThat(w.evidence().points()).isGreaterThanOrEqualTo(45);
        // predictions after the first keep coming as ONGOING, and get closer to the truth
        assertThat(ws)
                .filteredOn(x -> x.phase() == ExhaustionWarning.Phase.ONGOING)
                .isNotEmpty();
        assertThat(ws).noneMatch(x -> x.phase() == ExhaustionWarning.Phase.CLEARED);
    }

    @Test
    void leakUnderAGarbageCollectionSawtoothIsWarned() {
        // the floor rises 30% -> 80% over two hours; every 5 min the heap grows by 20 points and GC drops it back
        double floorSlope = 50.0 / 120;
        double[] v = sample(125, m -> 30 + floorSlope * m + saw(m, 5, 1.3, 0, 20), 0.5, 100, 12);
        ExhaustionWarning w = firstRaised(run(predictor, v, 100));

        assertThat(w).isNotNull();
        double at = minute(w.timestamp());
        double reach99 = firstReach(v, 99);
        double truePeaksAt100 = (100 - 50) / floorSlope;
        double predicted = w.timeToExhaustionSeconds() / 60.0;
        report(
                "leak under GC sawtooth: raised at %.1f min, first sample >= 99%% at %.2f min (lead %.1f min), predicted"
                        + " TTE %.1f min, true TTE (peaks reach 100%%) %.1f min (error %+.1f%%); %s",
                at,
                reach99,
                reach99 - at,
                predicted,
                truePeaksAt100 - at,
                100 * (predicted - (truePeaksAt100 - at)) / (truePeaksAt100 - at),
                w.evidence().summary());
        assertThat(reach99 - at).isGreaterThanOrEqualTo(10);
        assertThat(Math.abs(predicted - (truePeaksAt100 - at))).isLessThanOrEqualTo(0.25 * (truePeaksAt100 - at));
        assertThat(w.evidence().amplitude()).isBetween(12.0, 25.0);
    }

    @Test
    void sawtoothThatNeverReachesTheCeilingIsNotWarned() {
        // 40% -> 75% over 25 min then back to 40%, for six hours
        double[] v = sample(360, m -> saw(m, 25, 7, 40, 35), 0.7, 100, 13);
        List<ExhaustionWarning> ws = run(predictor, v, 100);
        int[] alerts = new int[1];
        double pl = predictLinear(v, 30, 60, 100, 3, alerts);
        report(
                "sawtooth 40-75%% (6 h): %d warnings; predict_linear(30m, 1h) >= 100 for 3m: first at %.1f min, %d"
                        + " alerting minutes",
                ws.size(), pl, alerts[0]);
        assertThat(ws).isEmpty();
    }

    @Test
    void calmNoisySeriesIsNotWarned() {
        // six hours around 62% with a 90-minute swell, a slow AR-like wander and noise
        double[] v = sample(360, m -> 62 + 5 * Math.sin(2 * Math.PI * m / 90) + 3 * Math.sin(m / 37.0), 3.0, 100, 14);
        List<ExhaustionWarning> ws = run(predictor, v, 100);
        assertThat(ws).isEmpty();
    }

    @Test
    void highButFlatSeriesIsNotWarned() {
        // a disk that sits at 96% with noise: high, but not running out
        double[] v = sample(360, m -> 96, 0.6, 100, 15);
        assertThat(run(predictor, v, 100)).isEmpty();
    }

    @Test
    void diskWithLogRotationBelowEightyPercentIsNotWarned() {
        // fills at 0.6 points/min from 55% to 78%, then log rotation frees it back to 55%, for six hours
        double[] v = sample(360, m -> saw(m, 38, 0, 55, 23), 0.1, 100, 16);
        List<ExhaustionWarning> ws = run(predictor, v, 100);
        int[] alerts = new int[1];
        double pl = predictLinear(v, 30, 60, 100, 3, alerts);
        report(
                "disk with log rotation (6 h): %d warnings; predict_linear(30m, 1h) >= 100 for 3m: first at %.1f min,"
                        + " %d alerting minutes",
                ws.size(), pl, alerts[0]);
        assertThat(ws).isEmpty();
    }

    @Test
    void warningClearsWhenTheLeakIsFixed() {
        // leak for 75 min (warned), then a restart drops usage to 40% and it stays calm
        double[] v = sample(200, m -> m < 75 ? 45 + 0.45 * m : 40, 0.8, 100, 17);
        List<ExhaustionWarning> ws = run(predictor, v, 100);
        assertThat(ws)
                .extracting(ExhaustionWarning::phase)
                .contains(ExhaustionWarning.Phase.RAISED, ExhaustionWarning.Phase.CLEARED);
        ExhaustionWarning cleared = ws.get(ws.size() - 1);
        assertThat(cleared.phase()).isEqualTo(ExhaustionWarning.Phase.CLEARED);
        assertThat(minute(cleared.timestamp())).isBetween(75.0, 90.0);
    }

    @Test
    void hysteresisNeedsConsecutiveConfirmations() {
        ExhaustionSettings s = ExhaustionSettings.defaults();
        double[] v = sample(120, m -> 45 + 0.45 * m, 1.0, 100, 11);
        ExhaustionPredictor p = new ExhaustionPredictor(s);
        ExhaustionState st = p.newState();
        List<ExhaustionWarning> ws = run(p, st, v, 0, v.length, 100);
        ExhaustionWarning raised = firstRaised(ws);
        // the minutes just before the raise each held: raiseAfter - 1 silent confirmations precede it
        ExhaustionPredictor once = new ExhaustionPredictor(new ExhaustionSettings(
                s.windowMinutes(),
                s.minSpanMinutes(),
                s.subWindowMinutes(),
                s.minSubWindows(),
                s.minIncreasingFraction(),
                s.dropSigmas(),
                s.dropFraction(),
                s.minRiseFraction(),
                s.minRiseToNoise(),
                s.horizonMinutes(),
                1,
                s.clearAfter()));
        ExhaustionWarning eager = firstRaised(run(once, v, 100));
        assertThat(raised.timestamp() - eager.timestamp()).isEqualTo((s.raiseAfter() - 1) * 60_000L);
    }
}
