package io.maximus.hcl.models.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuantileCalibratorTest {

    private static double[] uniform(int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = i / (n - 1.0);
        }
        return s;
    }

    @Test
    void plainCalibrationIsTheEmpiricalCdf() {
        QuantileCalibrator c = QuantileCalibrator.fit(uniform(10001));
        assertThat(c.calibrate(0.5)).isCloseTo(0.5, within(1e-3));
        assertThat(c.calibrate(0.9)).isCloseTo(0.9, within(1e-3));
        assertThat(c.calibrate(-1)).isZero();
        assertThat(c.quantile(0.25)).isCloseTo(0.25, within(1e-3));
    }

    @Test
    void anchorMapsTheChosenQuantileToTheThreshold() {
        QuantileCalibrator c = QuantileCalibrator.fit(uniform(10001), 0.99, 0.85);
        assertThat(c.calibrate(0.99)).isCloseTo(0.85, within(2e-3));
        assertThat(c.calibrate(0.5)).isLessThan(0.3);
    }

    @Test
    void monotoneBoundedAndOrderedBeyondTheTrainingMaximum() {
        QuantileCalibrator c = QuantileCalibrator.fit(uniform(1001), 0.99, 0.85);
        double prev = -1;
        for (double x = -0.5; x < 3; x += 0.01) {
            double v = c.calibrate(x);
            assertThat(v).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(prev);
            prev = v;
        }
        assertThat(c.calibrate(1.5)).isGreaterThan(c.calibrate(1.1));
        assertThat(c.calibrate(Double.NaN)).isEqualTo(1.0);
    }

    @Test
    void tiesInTrainingDoNotBreakCalibration() {
        double[] s = new double[1000];
        java.util.Arrays.fill(s, 0, 900, 0.5);
        for (int i = 900; i < 1000; i++) {
            s[i] = 0.5 + (i - 899) / 100.0;
        }
        QuantileCalibrator c = QuantileCalibrator.fit(s);
        assertThat(c.calibrate(0.5)).isCloseTo(0.9, within(0.01));
        assertThat(c.calibrate(0.49)).isZero();
    }
}
