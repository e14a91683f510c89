package io.maximus.hcl.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecastBacktestTest {

    @Test
    void beatsSeasonalNaiveOnAWeeklyPatternedHourlySeries() {
        // hourly series, 8 weeks: daily cycle, weekend dip, AR(1) noise, a few missing points
        Random rnd = new Random(3);
        int n = 24 * 7 * 8;
        double[] y = new double[n];
        double ar = 0;
        for (int t = 0; t < n; t++) {
            int day = (t / 24) % 7;
            ar = 0.7 * ar + rnd.nextGaussian();
            y[t] = 100 + 20 * Math.sin(2 * Math.PI * t / 24) - (day >= 5 ? 25 : 0) + 2 * ar;
        }
        y[n - 100] = Double.NaN;
        SarimaFitter fitter = new SarimaFitter(SarimaOrder.seedDefault(24), 3600, 8, 0, 24, 200);
        ForecastBacktest ev = new ForecastBacktest(fitter, new int[] {1, 6, 24}, 24 * 7, 24 * 28, 0.3);
        ForecastBacktest.Result r = ev.run(0, y, 24);
        assertThat(r.points()).isGreaterThan(300);
        for (int h : new int[] {1, 6, 24}) {
            assertThat(r.r2().get(h)).as("r2 at %d", h).isGreaterThan(0.8);
            assertThat(r.mase().get(h)).as("mase at %d", h).isLessThan(1.0);
            assertThat(r.coverage().get(h)).as("coverage at %d", h).isBetween(0.75, 1.0);
        }
        assertThat(r.r2SeasonalNaive()).isLessThan(r.r2().get(24));
    }
}
