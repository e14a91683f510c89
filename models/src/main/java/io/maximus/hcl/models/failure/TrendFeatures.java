package io.maximus.hcl.models.failure;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Trend features over a window of metric vectors, per metric (standardised against the key's baseline):
 * <ul>
 *   <li>{@code level}: current value (z) — saturation, e.g. memory near its limit;</li>
 *   <li>{@code slope_short}, {@code slope_long}: least-squares slope over the last S and L points, in z per point —
 *       a sustained positive slope on memory is the leak signature, on error rate the error-rate trend, on disk
 *       latency or queue the I/O degradation;</li>
 *   <li>{@code shift}: mean of the last S points minus the mean of the window before them — a step;</li>
 *   <li>{@code vol_ratio}: standard deviation of the last S points over that of the whole window — the spike
 *       pattern (e.g. CPU bursts);</li>
 *   <li>{@code max_abs}: largest |z| in the last S points.</li>
 * </ul>
 * and two fleet-wide ones: the largest |z| over all metrics and the number of metrics with |z| above 3.
 * Names are {@code <metric>.<feature>}, so the contributions of a prediction read as "memory.slope_long".
 */
public final class TrendFeatures implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Features per metric. */
    public static final String[] PER_METRIC = {"level", "slope_short", "slope_long", "shift", "vol_ratio", "max_abs"};

    private final String[] metricNames;
    private final int shortWindow;
    private final int longWindow;
    private final String[] names;

    /** Features for the given metric names over short and long windows (in points); long is also the capacity. */
    public TrendFeatures(String[] metricNames, int shortWindow, int longWindow) {
        if (shortWindow < 2 || longWindow <= shortWindow) {
            throw new IllegalArgumentException("need 2 <= short < long");
        }
        this.metricNames = metricNames.clone();
        this.shortWindow = shortWindow;
        this.longWindow = longWindow;
        List<String> n = new ArrayList<>();
        for (String m : metricNames) {
            for (String f : PER_METRIC) {
                n.add(m + "." + f);
            }
        }
        n.add("all.max_abs_z");
        n.add("all.count_z_over_3");
        this.names = n.toArray(new String[0]);
    }

    /** Feature names, in the order of {@link #compute}. */
    public String[] names() {
        return names.clone();
    }

    /** Number of features. */
    public int size() {
        return names.length;
    }

    /** Metric names. */
    public String[] metricNames() {
        return metricNames.clone();
    }

    /** Capacity a {@link MetricWindow} needs. */
    public int windowCapacity() {
        return longWindow;
    }

    /** A new empty window for a key with this baseline. */
    public MetricWindow newWindow(double[] centre, double[] scale) {
        return new MetricWindow(metricNames.length, longWindow, centre, scale);
    }

    /** Computes the features of the window's newest point into {@code out} at {@code offset}; window must be full. */
    public void compute(MetricWindow w, float[] out, int offset) {
        int k = metricNames.length;
        int o = offset;
        double maxAll = 0;
        int over3 = 0;
        for (int m = 0; m < k; m++) {
            double level = w.z(0, m);
            double slopeS = slope(w, m, shortWindow);
            double slopeL = slope(w, m, longWindow);
            double sumS = 0;
            double sumSqS = 0;
            double maxAbs = 0;
            for (int b = 0; b < shortWindow; b++) {
                double z = w.z(b, m);
                sumS += z;
                sumSqS += z * z;
                maxAbs = Math.max(maxAbs, Math.abs(z));
            }
            double sumL = sumS;
            double sumSqL = sumSqS;
            for (int b = shortWindow; b < longWindow; b++) {
                double z = w.z(b, m);
                sumL += z;
                sumSqL += z * z;
            }
            double meanS = sumS / shortWindow;
            double meanBefore = (sumL - sumS) / (longWindow - shortWindow);
            double varS = Math.max(0, sumSqS / shortWindow - meanS * meanS);
            double meanL = sumL / longWindow;
            double varL = Math.max(0, sumSqL / longWindow - meanL * meanL);
            out[o++] = (float) level;
            out[o++] = (float) slopeS;
            out[o++] = (float) slopeL;
            out[o++] = (float) (meanS - meanBefore);
            out[o++] = (float) Math.sqrt((varS + 1e-6) / (varL + 1e-6));
            out[o++] = (float) maxAbs;
            maxAll = Math.max(maxAll, Math.abs(level));
            if (Math.abs(level) > 3) {
                over3++;
            }
        }
        out[o++] = (float) maxAll;
        out[o] = over3;
    }

    private static double slope(MetricWindow w, int m, int len) {
        // x = 0 .. len-1 from oldest to newest; closed-form least squares
        double tMean = (len - 1) / 2.0;
        double sxx = len * (len * (double) len - 1) / 12.0;
        double sxy = 0;
        for (int b = 0; b < len; b++) {
            double t = len - 1 - b;
            sxy += (t - tMean) * w.z(b, m);
        }
        return sxy / sxx;
    }
}
