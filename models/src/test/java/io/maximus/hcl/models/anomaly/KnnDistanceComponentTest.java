package io.maximus.hcl.models.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KnnDistanceComponentTest {

    private static double[][] rows(int n, long seed, double shiftFrom, double shift) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][3];
        for (int t = 0; t < n; t++) {
            double a = Math.sin(t / 20.0);
            x[t][0] = a + 0.05 * r.nextGaussian();
            x[t][1] = -a + 0.05 * r.nextGaussian() + (t >= shiftFrom ? shift : 0);
            x[t][2] = 0.3 * a + 0.05 * r.nextGaussian();
        }
        return x;
    }

    @Test
    void aBrokenRelationBetweenMetricsScoresFarAboveEveryCalmRow() {
        KnnDistanceComponent c = new KnnDistanceComponent(5, 500, 3, 1L);
        AnomalyDetector det = new AnomalyDetector(List.of(c), Map.of(KnnDistanceComponent.NAME, 1.0), 0.85, 0.01, null)
                .fit(rows(3000, 1, Double.MAX_VALUE, 0));
        assertThat(c.referenceCount()).isEqualTo(500);
        assertThat(c.windowLength()).isEqualTo(3);
        // metric 1 moves with metric 0 instead of against it: each value is inside its training range
        double[][] test = rows(1000, 2, 800, 1.2);
        double[] s = det.scoreAll(test);
        double calmMax = 0;
        int calmFlagged = 0;
        for (int t = 0; t < 800; t++) {
            calmMax = Math.max(calmMax, s[t]);
            calmFlagged += s[t] >= 0.85 ? 1 : 0;
        }
        double anomalousMin = 1;
        for (int t = 820; t < 1000; t++) {
            anomalousMin = Math.min(anomalousMin, s[t]);
        }
        assertThat(calmFlagged)
                .as("calm rows flagged (about 1% by calibration)")
                .isLessThan(40);
        assertThat(anomalousMin).isGreaterThan(0.85).isGreaterThan(calmMax * 0.9);
    }

    @Test
    void calibrationLeavesEachRowsOwnReferenceOut() {
        KnnDistanceComponent c = new KnnDistanceComponent(1, 2000, 1, 3L);
        double[][] train = rows(2000, 3, Double.MAX_VALUE, 0);
        c.fit(train);
        // every training row is in the reference set: with itself it would score 0; left out it scores its neighbour
        QuantileCalibrator q = c.calibrate(train, 0.99, 0.85);
        assertThat(c.score(train, 100)).isZero();
        assertThat(q.calibrate(0.0)).isLessThan(0.01);
    }
}
