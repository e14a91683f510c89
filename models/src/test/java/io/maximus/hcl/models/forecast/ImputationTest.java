package io.maximus.hcl.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImputationTest {

    @Test
    void imputesFromLastWeekThenYesterday() {
        double[] y = new double[24 * 8];
        for (int i = 0; i < y.length; i++) {
            y[i] = i;
        }
        y[24 * 7 + 3] = Double.NaN;
        y[30] = Double.NaN;
        double[] f = Imputation.impute(y, 24);
        assertThat(f[24 * 7 + 3]).isEqualTo(3.0);
        assertThat(f[30]).isEqualTo(6.0);
    }

    @Test
    void leadingGapsTakeTheFirstValueAndTheInputIsNotChanged() {
        double[] y = {Double.NaN, Double.NaN, 5, Double.NaN, 7};
        double[] f = Imputation.impute(y, 24);
        assertThat(f).containsExactly(5, 5, 5, 5, 7);
        assertThat(Double.isNaN(y[0])).isTrue();
    }
}
