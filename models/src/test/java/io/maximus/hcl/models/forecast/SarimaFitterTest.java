package io.maximus.hcl.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SarimaFitterTest {

    /** Simulates (1,d,1)(1,D,1,s) from known coefficients (phi, theta, Phi, Theta) with unit noise, plus an offset. */
    static double[] simulate(
            long seed, int n, int s, int d, int sd, double phi, double theta, double sphi, double stheta) {
        Random rnd = new Random(seed);
        int burn = 20 * s;
        int total = n + burn;
        double[] eps = new double[total];
        double[] w = new double[total];
        for (int t = 0; t < total; t++) {
            eps[t] = rnd.nextGaussian();
            double v = eps[t];
            v += t >= 1 ? phi * w[t - 1] + theta * eps[t - 1] : 0;
            v += t >= s ? sphi * w[t - s] + stheta * eps[t - s] : 0;
            v += t >= s + 1 ? -phi * sphi * w[t - s - 1] + theta * stheta * eps[t - s - 1] : 0;
            w[t] = v;
        }
        double[] delta = Polynomials.differencing(d, sd, s);
        double[] y = new double[total];
        for (int t = 0; t < total; t++) {
            double v = w[t];
            for (int j = 1; j < delta.length; j++) {
                v -= t >= j ? delta[j] * y[t - j] : 0;
            }
            y[t] = v;
        }
        double[] out = new double[n];
        System.arraycopy(y, burn, out, 0, n);
        for (int i = 0; i < n; i++) {
            out[i] += 100;
        }
        return out;
    }

    @Test
    void recoversKnownSeasonalCoefficients() {
        int s = 24;
        double[] y = simulate(11, 3000, s, 1, 1, 0.5, -0.3, 0.4, -0.6);
        SarimaFitter f = new SarimaFitter(SarimaOrder.seedDefault(s), 3600, 0, 0, 48, 500);
        SarimaFitter.Fit fit = f.fit(0, y, null);
        SarimaModel m = fit.model();
        assertThat(m.ar[0]).isCloseTo(0.5, offset(0.1));
        assertThat(m.ma[0]).isCloseTo(-0.3, offset(0.1));
        assertThat(m.sar[0]).isCloseTo(0.4, offset(0.1));
        assertThat(m.sma[0]).isCloseTo(-0.6, offset(0.1));
        assertThat(m.sigma2).isCloseTo(1.0, offset(0.1));
    }

    @Test
    void recoversNonSeasonalArmaAndForecastIntervalsCover() {
        double[] y = simulate(5, 2500, 12, 1, 0, 0.7, 0.4, 0, 0);
        SarimaFitter f = new SarimaFitter(new SarimaOrder(1, 1, 1, 0, 0, 0, 1), 3600, 0, 0, 10, 400);
        SarimaFitter.Fit fit = f.fit(0, java.util.Arrays.copyOf(y, 1500), null);
        SarimaModel m = fit.model();
        assertThat(m.ar[0]).isCloseTo(0.7, offset(0.08));
        assertThat(m.ma[0]).isCloseTo(0.4, offset(0.08));
        // one-step and 10-step 90% intervals on the next 1000 points, filtering as a deployed job would
        ForecastState st = fit.state();
        int in1 = 0;
        int in10 = 0;
        int n = 0;
        for (int t = 1500; t < 2490; t++) {
            Forecast fc = m.forecast(st, 10, 0.9);
            if (y[t] >= fc.lower()[0] && y[t] <= fc.upper()[0]) {
                in1++;
            }
            if (y[t + 9] >= fc.lower()[9] && y[t + 9] <= fc.upper()[9]) {
                in10++;
            }
            n++;
            m.update(st, t, y[t]);
        }
        assertThat(in1 / (double) n).isBetween(0.85, 0.95);
        assertThat(in10 / (double) n).isBetween(0.80, 0.97);
    }

    @Test
    void parametrisationRoundTrips() {
        double[] phi = {0.5, -0.2, 0.1};
        double[] x = Polynomials.unconstrainedFromStationary(phi, 10);
        assertThat(Polynomials.stationaryFromUnconstrained(x)).containsExactly(phi, offset(1e-9));
    }
}
