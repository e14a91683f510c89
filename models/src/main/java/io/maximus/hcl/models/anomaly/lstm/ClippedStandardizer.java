package io.maximus.hcl.models.anomaly.lstm;

/**
 * Column-wise standardization fitted on training rows: {@code clip((x - mean) / max(std, floor))}.
 *
 * <p>Many server metrics are constant in training; the floor keeps their scale finite, and the clip bounds what a
 * metric that then moves can contribute to a reconstruction error.
 */
public final class ClippedStandardizer {

    private final double[] mean;
    private final double[] scale;
    private final double clip;

    /** A standardizer with the given statistics. */
    public ClippedStandardizer(double[] mean, double[] scale, double clip) {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException("mean and scale differ in length");
        }
        this.mean = mean.clone();
        this.scale = scale.clone();
        this.clip = clip;
    }

    /** Fits mean and population standard deviation per column (two-pass, for accuracy). */
    public static ClippedStandardizer fit(double[][] rows, double stdFloor, double clip) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] r : rows) {
            if (r.length != d) {
                throw new IllegalArgumentException("ragged rows: " + r.length + " vs " + d);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        double[] var = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                double e = r[j] - mean[j];
                var[j] += e * e;
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            scale[j] = Math.max(Math.sqrt(var[j] / rows.length), stdFloor);
        }
        return new ClippedStandardizer(mean, scale, clip);
    }

    /** Number of columns. */
    public int dim() {
        return mean.length;
    }

    /** Column means. */
    public double[] mean() {
        return mean.clone();
    }

    /** Column scales (floored standard deviations). */
    public double[] scale() {
        return scale.clone();
    }

    /** Clip bound of standardized values. */
    public double clip() {
        return clip;
    }

    /** Standardizes {@code row} into {@code out} at {@code offset}. */
    public void transform(double[] row, float[] out, int offset) {
        if (row.length != mean.length) {
            throw new IllegalArgumentException("row has " + row.length + " columns, expected " + mean.length);
        }
        for (int j = 0; j < mean.length; j++) {
            double z = (row[j] - mean[j]) / scale[j];
            out[offset + j] = (float) Math.max(-clip, Math.min(clip, z));
        }
    }

    /** Standardizes all rows into one row-major array {@code [rows * dim]}. */
    public float[] transformAll(double[][] rows) {
        float[] out = new float[rows.length * mean.length];
        for (int i = 0; i < rows.length; i++) {
            transform(rows[i], out, i * mean.length);
        }
        return out;
    }
}
