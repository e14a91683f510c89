package io.maximus.hcl.models.failure.exhaustion;

import java.util.Arrays;

/**
 * Fits the trend of a metric's lower envelope: the minima of equal sub-windows, with a Theil-Sen slope.
 *
 * <p>The shortest sub-window length whose minima rise consistently (no drop beyond the noise, most of them
 * increasing) is used. A sawtooth that is released before the ceiling (garbage collection, log rotation) shows as a
 * drop of the envelope at every length shorter than its period, and as a flat envelope at longer ones, so it never
 * yields a rising trend; a leak under a sawtooth raises every minimum and does. Deterministic; no allocation beyond
 * O(window).
 */
public final class EnvelopeTrend {

    private static final double MAD_TO_SIGMA = 1.4826;

    private final ExhaustionSettings settings;

    /** A fitter with these settings. */
    public EnvelopeTrend(ExhaustionSettings settings) {
        this.settings = settings;
    }

    /**
     * Fits the trend of one-minute points, oldest first.
     *
     * @param min per-minute minima, NaN where a minute had no value; the last one is "now"
     * @param max per-minute maxima, laid out as {@code min}
     * @param ceiling the exhaustion level
     */
    public TrendFit fit(double[] min, double[] max, double ceiling) {
        int n = min.length;
        int first = 0;
        while (first < n && Double.isNaN(min[first])) {
            first++;
        }
        int points = 0;
        for (double v : min) {
            points += Double.isNaN(v) ? 0 : 1;
        }
        int span = n - first;
        ExhaustionEvidence none = new ExhaustionEvidence(ExhaustionEvidence.METHOD, span, 0, points, 0, 0, 0, 0);
        if (span < settings.minSpanMinutes() || points < settings.minSpanMinutes() / 2) {
            return TrendFit.rejected("warming up", none);
        }
        double tol = Math.max(settings.dropSigmas() * noiseSigma(min), settings.dropFraction() * ceiling);
        for (int len : settings.subWindowMinutes()) {
            int count = span / len;
            if (count < settings.minSubWindows()) {
                break;
            }
            TrendFit fit = fitWith(min, max, ceiling, len, count, tol, span, points);
            if (fit != null) {
                return fit;
            }
        }
        return TrendFit.rejected("envelope not rising consistently (sawtooth, resets or noise)", none);
    }

    /** The fit at one sub-window length, or null when its envelope is not consistent. */
    private TrendFit fitWith(
            double[] min, double[] max, double ceiling, int len, int count, double tol, int span, int points) {
        int n = min.length;
        double[] t = new double[count];
        double[] m = new double[count];
        int[] start = new int[count];
        int k = 0;
        for (int j = 0; j < count; j++) {
            int from = n - (count - j) * len;
            int valid = 0;
            int arg = -1;
            for (int i = from; i < from + len; i++) {
                if (!Double.isNaN(min[i])) {
                    valid++;
                    if (arg < 0 || min[i] < min[arg]) {
                        arg = i;
                    }
                }
            }
            if (2 * valid >= len) {
                t[k] = arg;
                m[k] = min[arg];
                start[k] = from;
                k++;
            }
        }
        if (k < settings.minSubWindows()) {
            return null;
        }
        int up = 0;
        for (int j = 1; j < k; j++) {
            if (m[j] < m[j - 1] - tol) {
                return null;
            }
            up += m[j] > m[j - 1] ? 1 : 0;
        }
        double increasing = up / (double) (k - 1);
        if (increasing < settings.minIncreasingFraction()) {
            return null;
        }
        double slope = theilSen(t, m, k);
        double[] r = new double[k];
        for (int j = 0; j < k; j++) {
            r[j] = m[j] - slope * t[j];
        }
        double intercept = median(r, k);
        double[] excess = new double[k];
        for (int j = 0; j < k; j++) {
            r[j] = Math.abs(m[j] - intercept - slope * t[j]);
            double top = Double.NEGATIVE_INFINITY;
            for (int i = start[j]; i < start[j] + len; i++) {
                if (!Double.isNaN(max[i])) {
                    top = Math.max(top, max[i] - intercept - slope * i);
                }
            }
            excess[j] = top;
        }
        double sigma = MAD_TO_SIGMA * median(r, k);
        double amplitude = Math.max(0, median(excess, k));
        ExhaustionEvidence ev =
                new ExhaustionEvidence(ExhaustionEvidence.METHOD, span, len, points, k, increasing, sigma, amplitude);
        double rise = slope * (t[k - 1] - t[0]);
        if (slope <= 0 || rise < settings.minRiseFraction() * ceiling || rise < settings.minRiseToNoise() * sigma) {
            return TrendFit.rejected("no significant upward trend", ev);
        }
        double level = intercept + slope * (n - 1) + amplitude;
        double minutes = Math.max(0, (ceiling - level) / slope);
        return new TrendFit(true, "trend", slope, level, minutes, ev);
    }

    /** Robust sigma of the minute-to-minute changes of the minima (a sawtooth's rare drops do not inflate it). */
    static double noiseSigma(double[] min) {
        double[] d = new double[min.length];
        int k = 0;
        for (int i = 1; i < min.length; i++) {
            if (!Double.isNaN(min[i]) && !Double.isNaN(min[i - 1])) {
                d[k++] = min[i] - min[i - 1];
            }
        }
        if (k == 0) {
            return 0;
        }
        double med = median(d, k);
        for (int i = 0; i < k; i++) {
            d[i] = Math.abs(d[i] - med);
        }
        return MAD_TO_SIGMA * median(d, k) / Math.sqrt(2);
    }

    /** The Theil-Sen slope: the median of the slopes between every pair of points. */
    static double theilSen(double[] t, double[] y, int n) {
        double[] s = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (t[j] != t[i]) {
                    s[k++] = (y[j] - y[i]) / (t[j] - t[i]);
                }
            }
        }
        return k == 0 ? 0 : median(s, k);
    }

    /**
     * Median of the first {@code n} values: exactly the value a sort of a copy would give (same order as
     * {@link Arrays#sort(double[])}, so -0.0 before 0.0), found by selection in O(n) instead of sorting.
     */
    static double median(double[] v, int n) {
        double[] c = Arrays.copyOf(v, n);
        int h = n / 2;
        select(c, n, h);
        double upper = c[h];
        if (n % 2 == 1) {
            return upper;
        }
        // after the selection every value left of h is at most c[h]: the lower middle is their maximum
        double lower = c[0];
        for (int i = 1; i < h; i++) {
            if (Double.compare(c[i], lower) > 0) {
                lower = c[i];
            }
        }
        return 0.5 * (lower + upper);
    }

    /** Rearranges the first {@code n} values so that {@code c[k]} is the k-th smallest, smaller ones to its left. */
    private static void select(double[] c, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            if (hi - lo < 16) {
                for (int i = lo + 1; i <= hi; i++) {
                    double x = c[i];
                    int j = i - 1;
                    while (j >= lo && Double.compare(c[j], x) > 0) {
                        c[j + 1] = c[j];
                        j--;
                    }
                    c[j + 1] = x;
                }
                return;
            }
            int mid = (lo + hi) >>> 1;
            // median of three as the pivot, moved to hi
            if (Double.compare(c[mid], c[lo]) < 0) {
                swap(c, mid, lo);
            }
            if (Double.compare(c[hi], c[lo]) < 0) {
                swap(c, hi, lo);
            }
            if (Double.compare(c[mid], c[hi]) < 0) {
                swap(c, mid, hi);
            }
            double pivot = c[hi];
            // three-way partition: [lo, lt) smaller, [lt, gt] equal, (gt, hi] larger (many equal values stay linear)
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                int cmp = Double.compare(c[i], pivot);
                if (cmp < 0) {
                    swap(c, i++, lt++);
                } else if (cmp > 0) {
                    swap(c, i, gt--);
                } else {
                    i++;
                }
            }
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return;
            }
        }
    }

    private static void swap(double[] c, int i, int j) {
        double t = c[i];
        c[i] = c[j];
        c[j] = t;
    }
}
