package io.maximus.hcl.models.failure.exhaustion;

import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.firstRaised;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.minute;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.predictLinear;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.run;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.sample;
import static io.maximus.hcl.models.failure.exhaustion.ExhaustionSeries.saw;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same scenarios over many seeds and periods, and the comparison with Prometheus's predict_linear. */
class ExhaustionRobustnessTest {

    private final ExhaustionPredictor predictor = new ExhaustionPredictor(ExhaustionSettings.defaults());

    private static void report(String format, Object... args) {
        System.out.println("[exhaustion] " + String.format(Locale.ROOT, format, args));
    }

    @Test
    void linearLeakAcrossSeedsAndNoise() {
        for (double noise : new double[] {0.5, 1.0, 2.0}) {
            double minLead = Double.POSITIVE_INFINITY;
            double maxError = 0;
            for (int seed = 0; seed < 20; seed++) {
                double[] v = sample(120, m -> 45 + 0.45 * m, noise, 100, 100 + seed);
                ExhaustionWarning w = firstRaised(run(predictor, v, 100));
                assertThat(w).as("seed %d noise %s", seed, noise).isNotNull();
                double at = minute(w.timestamp());
                double trueTte = 55 / 0.45 - at;
                double error = (w.timeToExhaustionSeconds() / 60.0 - trueTte) / trueTte;
                minLead = Math.min(minLead, 120 - at);
                maxError = Math.max(maxError, Math.abs(error));
            }
            report(
                    "linear leak, noise sigma %.1f, 20 seeds: least lead before the trend reaches 99%% %.1f min,"
                            + " largest |predicted - true TTE to 100%%| %.1f%%",
                    noise, minLead, 100 * maxError);
            assertThat(minLead).isGreaterThanOrEqualTo(10);
            // noise makes the upper envelope (what hits the ceiling first) reach it earlier: the prediction leads
            assertThat(maxError).isLessThanOrEqualTo(noise <= 1 ? 0.15 : 0.30);
        }
    }

    @Test
    void leakUnderSawtoothsOfManyPeriods() {
        for (double period : new double[] {4, 7, 12, 25}) {
            double minLead = Double.POSITIVE_INFINITY;
            for (int seed = 0; seed < 5; seed++) {
                double phase = seed * 0.7;
                double[] v = sample(125, m -> 30 + 50.0 / 120 * m + saw(m, period, phase, 0, 20), 0.5, 100, seed);
                ExhaustionWarning w = firstRaised(run(predictor, v, 100));
                assertThat(w).as("period %s seed %d", period, seed).isNotNull();
                minLead = Math.min(minLead, 120 - minute(w.timestamp()));
            }
            report(
                    "leak under a %.0f-min sawtooth, 5 phases: least lead before the peaks reach 100%% %.1f min",
                    period, minLead);
            assertThat(minLead).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void sawtoothsAndRotationsOfManyPeriodsAreNotWarned() {
        for (double period : new double[] {5, 10, 20, 30, 40, 44}) {
            for (int seed = 0; seed < 5; seed++) {
                double phase = seed * 3.1;
                double[] gc = sample(360, m -> saw(m, period, phase, 40, 35), 0.7, 100, seed);
                double[] disk = sample(360, m -> saw(m, period, phase, 55, 23), 0.1, 100, seed);
                assertThat(run(predictor, gc, 100))
                        .as("sawtooth period %s seed %d", period, seed)
                        .isEmpty();
                assertThat(run(predictor, disk, 100))
                        .as("rotation period %s seed %d", period, seed)
                        .isEmpty();
            }
        }
    }

    @Test
    void comparisonWithPredictLinear() {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("linear leak 45->99% in 2 h", sample(120, m -> 45 + 0.45 * m, 1.0, 100, 11));
        series.put(
                "leak under 5-min GC sawtooth",
                sample(125, m -> 30 + 50.0 / 120 * m + saw(m, 5, 1.3, 0, 20), 0.5, 100, 12));
        series.put("sawtooth 40-75%, 25 min", sample(360, m -> saw(m, 25, 7, 40, 35), 0.7, 100, 13));
        series.put("disk 55-78%, rotation every 38 min", sample(360, m -> saw(m, 38, 0, 55, 23), 0.1, 100, 16));
        series.put(
                "calm 62% with swell",
                sample(360, m -> 62 + 5 * Math.sin(2 * Math.PI * m / 90) + 3 * Math.sin(m / 37.0), 3.0, 100, 14));
        int[] windows = {10, 30, 60, 120};
        int falseAlertsPredictLinear10 = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            StringBuilder row = new StringBuilder();
            ExhaustionWarning w = firstRaised(run(predictor, e.getValue(), 100));
            row.append(String.format(
                    Locale.ROOT,
                    "%-36s envelope: %s",
                    e.getKey(),
                    w == null ? "none" : String.format(Locale.ROOT, "%.0f min", minute(w.timestamp()))));
            for (int window : windows) {
                int[] alerting = new int[1];
                double first = predictLinear(e.getValue(), window, 60, 100, 3, alerting);
                row.append(String.format(
                        Locale.ROOT,
                        " | predict_linear[%dm]: %s (%d min alerting)",
                        window,
                        Double.isNaN(first) ? "none" : String.format(Locale.ROOT, "%.0f min", first),
                        alerting[0]));
                if (window == 10 && !e.getKey().contains("leak")) {
                    falseAlertsPredictLinear10 += alerting[0] > 0 ? 1 : 0;
                }
            }
            report("%s", row);
            assertThat(w == null).isEqualTo(!e.getKey().contains("leak"));
        }
        // the short-window least-squares rule is fooled by the ramps of both sawtooths
        assertThat(falseAlertsPredictLinear10).isGreaterThanOrEqualTo(2);
    }
}
