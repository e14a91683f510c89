package io.maximus.hcl.models.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsolationForestTest {

    static double[][] gaussian(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                // Box-Muller
                double u = r.nextDouble();
                double v = r.nextDouble();
                x[i][j] = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
            }
        }
        return x;
    }

    @Test
    void averagePathLengthCorrectionMatchesThePaper() {
        assertThat(IsolationForest.c(1)).isZero();
        assertThat(IsolationForest.c(2)).isEqualTo(1.0);
        // c(256) = 2 H(255) - 2 * 255 / 256 with H(i) ~ ln(i) + 0.5772
        assertThat(IsolationForest.c(256))
                .isCloseTo(2 * (Math.log(255) + 0.5772156649) - 2 * 255.0 / 256, within(1e-9));
        assertThat(IsolationForest.c(256)).isCloseTo(10.24, within(0.01));
    }

    @Test
    void outlierScoresHigherThanEveryInlierAndScoresAreInTheOpenUnitInterval() {
        double[][] train = gaussian(2000, 5, 1);
        IsolationForest f = new IsolationForest(7).fit(train);
        double[] scores = f.score(gaussian(200, 5, 2));
        double outlier = f.score(new double[] {6, -6, 6, -6, 6});
        for (double s : scores) {
            assertThat(s).isGreaterThan(0).isLessThan(1);
            assertThat(outlier).isGreaterThan(s);
        }
        assertThat(outlier).isGreaterThan(0.7);
        double mean = java.util.Arrays.stream(scores).average().orElseThrow();
        assertThat(mean).isBetween(0.35, 0.55);
    }

    @Test
    void sameSeedSameScoresOtherSeedOtherForest() {
        double[][] train = gaussian(1000, 4, 3);
        double[][] probe = gaussian(50, 4, 4);
        double[] a = new IsolationForest(100, 256, 42).fit(train).score(probe);
        double[] b = new IsolationForest(100, 256, 42).fit(train).score(probe);
        double[] c = new IsolationForest(100, 256, 43).fit(train).score(probe);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void constantDimensionsAreNeverSplitOn() {
        double[][] train = gaussian(500, 3, 5);
        for (double[] row : train) {
            row[1] = 0.25; // constant in training
        }
        IsolationForest f = new IsolationForest(50, 128, 1).fit(train);
        // the constant dimension carries no information, so moving it does not change the path length
        double[] p = {0.1, 0.25, -0.2};
        double[] q = {0.1, 99.0, -0.2};
        assertThat(f.score(q)).isEqualTo(f.score(p));
        // all-constant data: every point sits in one leaf of size psi, i.e. score exactly 0.5
        double[][] flat = new double[300][2];
        IsolationForest g = new IsolationForest(10, 64, 1).fit(flat);
        assertThat(g.score(new double[] {3, 4})).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void smallTrainingSetsUseAllRows() {
        IsolationForest f = new IsolationForest(10, 256, 1).fit(gaussian(40, 2, 1));
        assertThat(f.effectiveSampleSize()).isEqualTo(40);
        assertThat(f.nodeCount()).isGreaterThan(10);
    }
}
