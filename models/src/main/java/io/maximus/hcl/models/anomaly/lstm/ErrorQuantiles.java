package io.maximus.hcl.models.anomaly.lstm;

import java.util.Arrays;

/**
 * Maps a reconstruction error to [0, 1] by the empirical distribution of training errors: the score is the
 * (linearly interpolated) share of training windows with a smaller error, 1 above the largest.
 *
 * <p>The distribution is kept as a table of quantiles (every percent, then every 0.1 % above the 99th), small
 * enough for the manifest and dense where thresholds live.
 */
public final class ErrorQuantiles {

    private final double[] levels;
    private final double[] values;

    /** A calibrator over a quantile table; {@code values} must be non-decreasing, levels increasing in [0, 1]. */
    public ErrorQuantiles(double[] levels, double[] values) {
        if (levels.length != values.length || levels.length < 2) {
            throw new IllegalArgumentException("need at least two (level, value) pairs of equal count");
        }
        for (int i = 1; i < levels.length; i++) {
            if (!(levels[i] > levels[i - 1]) || values[i] < values[i - 1]) {
                throw new IllegalArgumentException("quantile table not monotone at " + i);
            }
        }
        this.levels = levels.clone();
        this.values = values.clone();
    }

    /** The default levels: 0, 0.01, …, 0.99, then 0.991, …, 1.0. */
    public static double[] defaultLevels() {
        double[] l = new double[110];
        for (int i = 0; i < 100; i++) {
            l[i] = i / 100.0;
        }
        for (int i = 1; i <= 10; i++) {
            l[99 + i] = 0.99 + i / 1000.0;
        }
        return l;
    }

    /** Fits the default quantile table to training errors (linear interpolation between order statistics). */
    public static ErrorQuantiles fit(double[] errors) {
        if (errors.length == 0) {
            throw new IllegalArgumentException("no training errors");
        }
        double[] sorted = errors.clone();
        Arrays.sort(sorted);
        double[] levels = defaultLevels();
        double[] values = new double[levels.length];
        for (int i = 0; i < levels.length; i++) {
            values[i] = quantileSorted(sorted, levels[i]);
        }
        return new ErrorQuantiles(levels, values);
    }

    /** The q-quantile of sorted values, interpolating linearly between order statistics. */
    public static double quantileSorted(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Calibrated score in [0, 1] of an error. */
    public double score(double error) {
        if (Double.isNaN(error)) {
            return 1.0;
        }
        if (error >= values[values.length - 1]) {
            return 1.0;
        }
        if (error < values[0]) {
            return 0.0;
        }
        // Largest i with values[i] <= error (several levels may share one value: take the highest).
        int lo = 0;
        int hi = values.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (values[mid] <= error) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        double v0 = values[lo];
        double v1 = values[lo + 1];
        double frac = v1 > v0 ? (error - v0) / (v1 - v0) : 0.0;
        return levels[lo] + frac * (levels[lo + 1] - levels[lo]);
    }

    /** Quantile levels of the table. */
    public double[] levels() {
        return levels.clone();
    }

    /** Error values of the table. */
    public double[] values() {
        return values.clone();
    }
}
