package io.maximus.hcl.models.anomaly;

import java.io.Serializable;

/**
 * Turns a short window of snapshots into one feature vector: the current values, optionally the first difference
 * (current minus previous) and optionally the mean of the last {@code meanWindow} rows, concatenated.
 */
public final class WindowFeatures implements Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean deltas;
    private final int meanWindow;

    /** Values, plus deltas if {@code deltas}, plus a trailing mean if {@code meanWindow > 1}. */
    public WindowFeatures(boolean deltas, int meanWindow) {
        this.deltas = deltas;
        this.meanWindow = meanWindow;
    }

    /** Rows of history needed. */
    public int windowLength() {
        return Math.max(deltas ? 2 : 1, Math.max(meanWindow, 1));
    }

    /** Length of the feature vector for rows of d dimensions. */
    public int length(int d) {
        return d * (1 + (deltas ? 1 : 0) + (meanWindow > 1 ? 1 : 0));
    }

    /** Writes the features of row t into {@code out}; rows before 0 are taken as row 0. */
    public void build(double[][] rows, int t, double[] out) {
        double[] cur = rows[t];
        int d = cur.length;
        System.arraycopy(cur, 0, out, 0, d);
        int off = d;
        if (deltas) {
            double[] prev = rows[Math.max(t - 1, 0)];
            for (int j = 0; j < d; j++) {
                out[off + j] = cur[j] - prev[j];
            }
            off += d;
        }
        if (meanWindow > 1) {
            int from = Math.max(0, t - meanWindow + 1);
            int cnt = t - from + 1;
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int i = from; i <= t; i++) {
                    s += rows[i][j];
                }
                out[off + j] = s / cnt;
            }
        }
    }

    /** Feature vectors of every row of a time-ordered matrix. */
    public double[][] buildAll(double[][] rows) {
        double[][] out = new double[rows.length][length(rows[0].length)];
        for (int t = 0; t < rows.length; t++) {
            build(rows, t, out[t]);
        }
        return out;
    }
}
