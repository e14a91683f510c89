package io.maximus.hcl.models.anomaly.lstm;

/** Sliding windows over a row-major standardized series {@code [rows * dim]}. */
public final class Windows {

    private Windows() {}

    /** Number of full windows of {@code length} steps in a series of {@code rows} rows. */
    public static int count(int rows, int length) {
        return Math.max(0, rows - length + 1);
    }

    /**
     * Copies the windows starting at {@code starts[i]} into one array {@code [starts.length * length * dim]}.
     */
    public static float[] gather(float[] series, int dim, int length, int[] starts) {
        float[] out = new float[starts.length * length * dim];
        int w = length * dim;
        for (int i = 0; i < starts.length; i++) {
            System.arraycopy(series, starts[i] * dim, out, i * w, w);
        }
        return out;
    }

    /**
     * Start indices of at most {@code max} windows spread evenly over the series (all windows if they fit).
     */
    public static int[] evenStarts(int rows, int length, int max) {
        int n = count(rows, length);
        int k = Math.min(n, max);
        int[] starts = new int[k];
        for (int i = 0; i < k; i++) {
            starts[i] = k == n ? i : (int) ((long) i * (n - 1) / Math.max(1, k - 1));
        }
        return starts;
    }
}
