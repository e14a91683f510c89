package io.maximus.hcl.tools.eval.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Ranking metrics against hand-computed values (the same as scikit-learn's on these inputs). */
class DetectionMetricsRankTest {

    @Test
    void smallExample() {
        double[] s = {0.1, 0.4, 0.35, 0.8};
        int[] y = {0, 0, 1, 1};
        assertThat(DetectionMetrics.rocAuc(s, y)).isCloseTo(0.75, within(1e-12));
        // Thresholds 0.8 (P=1, R=.5), 0.4 (P=.5, R=.5), 0.35 (P=2/3, R=1): AP = .5*1 + .5*2/3.
        assertThat(DetectionMetrics.prAuc(s, y)).isCloseTo(0.5 + 0.5 * 2 / 3.0, within(1e-12));
        // Best at threshold 0.35: tp 2, fp 1, fn 0 → F1 0.8.
        assertThat(DetectionMetrics.bestF1(s, y)[0]).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void tiesCountHalf() {
        double[] s = {0.5, 0.5, 0.5, 0.5, 0.9};
        int[] y = {0, 1, 0, 1, 1};
        // Positive 0.9 beats both negatives (2 pairs), tied positives tie with both negatives (4 half pairs).
        assertThat(DetectionMetrics.rocAuc(s, y)).isCloseTo((2 + 4 * 0.5) / 6.0, within(1e-12));
        // Thresholds 0.9 (P=1, R=1/3) and 0.5 (P=3/5, R=1).
        assertThat(DetectionMetrics.prAuc(s, y)).isCloseTo(1 / 3.0 + (2 / 3.0) * 0.6, within(1e-12));
    }

    @Test
    void perfectAndInvertedAndRandomScores() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 20_000;
        double[] s = new double[n];
        double[] noise = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextDouble() < 0.1 ? 1 : 0;
            s[i] = y[i] + rnd.nextDouble() * 0.5;
            noise[i] = rnd.nextDouble();
        }
        assertThat(DetectionMetrics.rocAuc(s, y)).isEqualTo(1.0);
        assertThat(DetectionMetrics.prAuc(s, y)).isCloseTo(1.0, within(1e-12));
        assertThat(DetectionMetrics.bestF1(s, y)[0]).isCloseTo(1.0, within(1e-12));
        double[] inv = s.clone();
        for (int i = 0; i < n; i++) {
            inv[i] = -s[i];
        }
        assertThat(DetectionMetrics.rocAuc(inv, y)).isEqualTo(0.0);
        assertThat(DetectionMetrics.rocAuc(noise, y)).isCloseTo(0.5, within(0.03));
        assertThat(DetectionMetrics.prAuc(noise, y)).isCloseTo(0.1, within(0.02));
    }

    @Test
    void oneClassGivesNaN() {
        assertThat(DetectionMetrics.rocAuc(new double[] {1, 2}, new int[] {0, 0}))
                .isNaN();
        assertThat(DetectionMetrics.prAuc(new double[] {1, 2}, new int[] {0, 0}))
                .isNaN();
    }

    @Test
    void pointAdjustSpreadsSegmentMaximum() {
        double[] s = {0.1, 0.2, 0.9, 0.3, 0.05, 0.4};
        int[] y = {0, 1, 1, 0, 1, 1};
        assertThat(DetectionMetrics.pointAdjustedScores(s, y)).containsExactly(0.1, 0.9, 0.9, 0.3, 0.4, 0.4);
        // After adjustment, threshold 0.4 finds both segments with one false positive... none: 0.3 < 0.4.
        assertThat(DetectionMetrics.bestF1(DetectionMetrics.pointAdjustedScores(s, y), y)[0])
                .isEqualTo(1.0);
        assertThat(DetectionMetrics.bestF1(s, y)[0]).isLessThan(1.0);
    }
}
