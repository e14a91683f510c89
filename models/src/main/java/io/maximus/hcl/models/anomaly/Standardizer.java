package io.maximus.hcl.models.anomaly;

import java.io.Serializable;

/**
 * Per-dimension standardization {@code (x - mean) / max(std, floor)} fitted on training rows. The floor keeps
 * dimensions that are (nearly) constant in training from turning every later wiggle into a huge z-score.
 */
public final class Standardizer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] center;
    private final double[] scale;

    private Standardizer(double[] center, double[] scale) {
        this.center = center;
        this.scale = scale;
    }

    /** Fits mean and standard deviation per column of {@code rows}, with {@code floor} as the smallest scale. */
    public static Standardizer fit(double[][] rows, double floor) {
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] m2 = new double[d];
        long n = 0;
        for (double[] r : rows) {
            n++;
            for (int j = 0; j < d; j++) {
                double delta = r[j] - mean[j];
                mean[j] += delta / n;
                m2[j] += delta * (r[j] - mean[j]);
            }
        }
        double[] sc = new double[d];
        for (int j = 0; j < d; j++) {
            double sd = n > 1 ? Math.sqrt(m2[j] / (n - 1)) : 0.0;
            sc[j] = Math.max(sd, floor);
        }
        return new Standardizer(mean, sc);
    }

    /** The standardized copy of one row. */
    public double[] apply(double[] x) {
        double[] z = new double[x.length];
        applyInto(x, z);
        return z;
    }

    /** Standardizes {@code x} into {@code out} (same length). */
    public void applyInto(double[] x, double[] out) {
        for (int j = 0; j < x.length; j++) {
            out[j] = (x[j] - center[j]) / scale[j];
        }
    }

    /** Standardized copies of all rows. */
    public double[][] apply(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = apply(rows[i]);
        }
        return out;
    }

    /** Number of dimensions. */
    public int dimensions() {
        return center.length;
    }

    /** The scale used for dimension j. */
    public double scale(int j) {
        return scale[j];
    }
}
