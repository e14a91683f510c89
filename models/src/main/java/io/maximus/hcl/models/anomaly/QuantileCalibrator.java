package io.maximus.hcl.models.anomaly;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Maps a component's raw score to [0, 1] by the empirical distribution F of its scores on training data, then
 * stretches the tail with {@code c = 1 - (1 - F)^a}, where a is chosen so that an anchor quantile (by default the
 * training 99th percentile) maps to an anchor value (by default the detector's 0.85 threshold). With a = 1 the map is
 * plain F, and a threshold of 0.85 would flag 15% of ordinary rows; anchoring makes the threshold mean "beyond the
 * 99th percentile of training". Scores above the training maximum keep their order through an
 * exponential tail ({@code pTop + (1 - pTop)(1 - e^{-(s - max)/tail})}), so ranking-based metrics do not see ties
 * at 1.0 for everything beyond what training showed.
 */
public final class QuantileCalibrator implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int KNOTS = 1000;

    private final double[] knots; // knots[i] = training quantile at i / (knots.length - 1)
    private final double pTop;
    private final double tail;
    private final double exponent;

    private QuantileCalibrator(double[] knots, double pTop, double tail, double exponent) {
        this.knots = knots;
        this.pTop = pTop;
        this.tail = tail;
        this.exponent = exponent;
    }

    /** Fits on raw training scores with plain empirical-CDF calibration (no anchor). */
    public static QuantileCalibrator fit(double[] trainingScores) {
        return fit(trainingScores, 0.5, 0.5);
    }

    /**
     * Fits on a sample of raw training scores (not modified), mapping training quantile {@code anchorQuantile} to
     * {@code anchorValue}.
     */
    public static QuantileCalibrator fit(double[] trainingScores, double anchorQuantile, double anchorValue) {
        if (!(anchorQuantile > 0 && anchorQuantile < 1 && anchorValue > 0 && anchorValue < 1)) {
            throw new IllegalArgumentException("anchor quantile and value must be in (0, 1)");
        }
        double exponent = Math.log(1 - anchorValue) / Math.log(1 - anchorQuantile);
        if (trainingScores.length == 0) {
            throw new IllegalArgumentException("no training scores to calibrate on");
        }
        double[] s = trainingScores.clone();
        Arrays.sort(s);
        int m = Math.min(KNOTS, s.length - 1);
        double[] k = new double[m + 1];
        for (int i = 0; i <= m; i++) {
            double pos = (double) i * (s.length - 1) / Math.max(m, 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, s.length - 1);
            k[i] = s[lo] + (pos - lo) * (s[hi] - s[lo]);
        }
        double max = s[s.length - 1];
        double q99 = s[(int) Math.floor(0.99 * (s.length - 1))];
        double spread = s[s.length - 1] - s[0];
        double tail = Math.max(max - q99, Math.max(spread * 1e-3, 1e-12));
        double pTop = s.length / (s.length + 1.0);
        return new QuantileCalibrator(k, pTop, tail, exponent);
    }

    /** The calibrated score in [0, 1]. */
    public double calibrate(double raw) {
        double f = cdf(raw);
        return exponent == 1.0 ? f : 1 - Math.pow(1 - f, exponent);
    }

    /** The (tail-extended) empirical CDF of the training scores at {@code raw}, in [0, 1]. */
    public double cdf(double raw) {
        int m = knots.length - 1;
        if (Double.isNaN(raw)) {
            return 1.0;
        }
        if (raw < knots[0]) {
            return 0.0;
        }
        if (raw >= knots[m]) {
            return pTop + (1 - pTop) * (1 - Math.exp(-(raw - knots[m]) / tail));
        }
        int i = Arrays.binarySearch(knots, raw);
        double p;
        if (i >= 0) {
            // equal knots (ties in training): take the highest index with this value
            while (i < m && knots[i + 1] == raw) {
                i++;
            }
            p = (double) i / m;
        } else {
            int hi = -i - 1;
            int lo = hi - 1;
            p = (lo + (raw - knots[lo]) / (knots[hi] - knots[lo])) / m;
        }
        return p * pTop;
    }

    /** The raw score at training quantile q (0..1). */
    public double quantile(double q) {
        int m = knots.length - 1;
        double pos = q * m;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, m);
        return knots[lo] + (pos - lo) * (knots[hi] - knots[lo]);
    }
}
