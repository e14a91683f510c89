package io.maximus.hcl.models.anomaly.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Empirical quantile calibration of reconstruction errors to [0, 1]. */
class ErrorQuantilesTest {

    @Test
    void mapsErrorsToTheirTrainingQuantile() {
        double[] errors = new double[1001];
        for (int i = 0; i < errors.length; i++) {
            errors[errors.length - 1 - i] = i / 10.0; // 0 … 100, given in reverse order
        }
        ErrorQuantiles c = ErrorQuantiles.fit(errors);
        assertThat(c.score(-1)).isEqualTo(0.0);
        assertThat(c.score(50)).isCloseTo(0.5, within(1e-9));
        assertThat(c.score(25.5)).isCloseTo(0.255, within(1e-9));
        assertThat(c.score(99.55)).isCloseTo(0.9955, within(1e-9));
        assertThat(c.score(100)).isEqualTo(1.0);
        assertThat(c.score(1e9)).isEqualTo(1.0);
        assertThat(c.score(Double.NaN))
                .as("an error that is not a number is treated as anomalous")
                .isEqualTo(1.0);
        double prev = -1;
        for (double e = 0; e <= 100; e += 0.37) {
            double s = c.score(e);
            assertThat(s).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(prev);
            prev = s;
        }
    }

    @Test
    void constantErrorsDoNotBreakIt() {
        ErrorQuantiles c = ErrorQuantiles.fit(new double[] {2, 2, 2, 2});
        assertThat(c.score(1.9)).isEqualTo(0.0);
        assertThat(c.score(2)).isEqualTo(1.0);
    }

    @Test
    void refusesNonMonotoneTables() {
        assertThatThrownBy(() -> new ErrorQuantiles(new double[] {0, 0.5, 1}, new double[] {1, 0.5, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
