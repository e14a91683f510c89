package io.maximus.hcl.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KalmanArmaTest {

    private static SarimaModel model(double ar, double ma, double sar, double sma, int s) {
        SarimaModel m = new SarimaModel();
        m.p = 1;
        m.d = 1;
        m.q = 1;
        m.sp = 1;
        m.sd = 1;
        m.sq = 1;
        m.s = s;
        m.ar = new double[] {ar};
        m.ma = new double[] {ma};
        m.sar = new double[] {sar};
        m.sma = new double[] {sma};
        m.derive(1);
        return m;
    }

    private static double[] noise(long seed, int n) {
        Random rnd = new Random(seed);
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = rnd.nextGaussian() * 3;
        }
        return e;
    }

    @Test
    void fastFilterGivesTheDenseFiltersLikelihoodStateAndGain() {
        double[][] coefs = {
            {0.5, -0.3, 0.4, -0.6},
            {-0.2, 0.6, 0.9, -0.1},
            {0.95, -0.9, -0.5, -0.95},
            {0.0, 0.0, 0.0, 0.0},
            {0.1, -0.2, 0.1, -0.5},
            {0.7, 0.3, 0.995, 0.8},
        };
        for (int s : new int[] {4, 24, 96}) {
            for (double[] c : coefs) {
                SarimaModel m = model(c[0], c[1], c[2], c[3], s);
                double[] e = noise(s * 31L + Double.hashCode(c[0]), 2000);
                KalmanArma.Result fast = new KalmanArma.Result();
                KalmanArma.Result dense = new KalmanArma.Result();
                double llFast = KalmanArma.logLikelihood(e, m.phiStar, m.rVec, fast);
                double llDense = KalmanArma.logLikelihoodDense(e, m.phiStar, m.rVec, dense);
                assertThat(llFast)
                        .as("s=%d %s", s, java.util.Arrays.toString(c))
                        .isCloseTo(llDense, offset(1e-6 * Math.abs(llDense)));
                assertThat(fast.sigma2).isCloseTo(dense.sigma2, offset(1e-8 * dense.sigma2));
                assertThat(fast.lastF).isCloseTo(dense.lastF, offset(1e-6));
                for (int i = 0; i < m.phiStar.length; i++) {
                    assertThat(fast.a[i]).isCloseTo(dense.a[i], offset(1e-6 * (1 + Math.abs(dense.a[i]))));
                    assertThat(fast.gain[i]).isCloseTo(dense.gain[i], offset(1e-6));
                }
            }
        }
    }

    @Test
    void fastFilterIsSeveralTimesCheaperOnTheDefaultOrders() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        SarimaModel m = model(0.3, -0.4, 0.2, -0.8, 96);
        double[] e = noise(7, 2688 - 97);
        double sink = 0;
        for (int i = 0; i < 3; i++) { // warm-up
            sink += KalmanArma.logLikelihood(e, m.phiStar, m.rVec, null);
            sink += KalmanArma.logLikelihoodDense(e, m.phiStar, m.rVec, null);
        }
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < 10; i++) {
            sink += KalmanArma.logLikelihoodDense(e, m.phiStar, m.rVec, null);
        }
        long dense = mx.getCurrentThreadCpuTime() - t0;
        t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < 10; i++) {
            sink += KalmanArma.logLikelihood(e, m.phiStar, m.rVec, null);
        }
        long fast = mx.getCurrentThreadCpuTime() - t0;
        System.out.printf(
                "likelihood evaluation, 2591 points, m=%d: dense %.2f ms CPU, fast %.3f ms CPU (%.0fx)%n",
                m.phiStar.length, dense / 10e6, fast / 10e6, (double) dense / fast);
        assertThat(Double.isFinite(sink)).isTrue();
        assertThat(fast * 4).isLessThan(dense);
    }
}
