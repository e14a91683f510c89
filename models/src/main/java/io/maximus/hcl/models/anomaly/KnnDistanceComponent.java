package io.maximus.hcl.models.anomaly;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Distance to the nearest training behaviour: the mean Euclidean distance of the standardized row (with its
 * {@code lags - 1} predecessors concatenated) to its {@code k} nearest neighbours in a reference set of at most
 * {@code references} training windows drawn without replacement (seeded). A row that looks like something seen in
 * training scores near 0, whatever the metric set, so the same component serves a shipped artifact and a model learned
 * online from a key's own history. Calibration scores the training rows leaving each one's own reference entry out.
 */
public final class KnnDistanceComponent implements AnomalyComponent {

    private static final long serialVersionUID = 1L;

    /** Component name used in weights and score breakdowns. */
    public static final String NAME = "knn_distance";

    private final int k;
    private final int references;
    private final int lags;
    private final long seed;
    private int features;
    private int count;
    private double[] reference; // count x features, row-major
    private int[] referenceRows; // training row of each reference entry
    private transient double[] scratch;
    private transient double[] best;

    /**
     * A component with {@code k} neighbours, a reference set of at most {@code references} windows of {@code lags}
     * rows (1 = the snapshot alone), drawn with {@code seed}.
     */
    public KnnDistanceComponent(int k, int references, int lags, long seed) {
        if (k < 1 || references < k || lags < 1) {
            throw new IllegalArgumentException("need k >= 1, references >= k, lags >= 1");
        }
        this.k = k;
        this.references = references;
        this.lags = lags;
        this.seed = seed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int windowLength() {
        return lags;
    }

    /** Rows per window (1 = snapshot only). */
    public int lags() {
        return lags;
    }

    /** Neighbours averaged. */
    public int neighbours() {
        return k;
    }

    /** Reference windows held. */
    public int referenceCount() {
        return count;
    }

    private void build(double[][] rows, int t, double[] out) {
        int d = rows[t].length;
        for (int l = 0; l < lags; l++) {
            System.arraycopy(rows[Math.max(t - l, 0)], 0, out, l * d, d);
        }
    }

    @Override
    public void fit(double[][] rows) {
        int n = rows.length;
        features = rows[0].length * lags;
        count = Math.min(Math.max(references, k + 1), n);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + rnd.nextInt(n - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        referenceRows = Arrays.copyOf(idx, count);
        Arrays.sort(referenceRows);
        reference = new double[count * features];
        double[] buf = new double[features];
        for (int i = 0; i < count; i++) {
            build(rows, referenceRows[i], buf);
            System.arraycopy(buf, 0, reference, i * features, features);
        }
    }

    @Override
    public double score(double[][] rows, int t) {
        return score(rows, t, -1);
    }

    /** Score of row t, leaving out the reference entry taken from training row {@code exclude} (-1: none). */
    private double score(double[][] rows, int t, int exclude) {
        if (scratch == null || scratch.length != features) {
            scratch = new double[features];
            best = new double[k];
        }
        build(rows, t, scratch);
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        int skip = exclude < 0 ? -1 : Arrays.binarySearch(referenceRows, exclude);
        double bound = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            if (i == skip) {
                continue;
            }
            double s = distance(scratch, reference, i * features, features, bound);
            if (s < bound) {
                int p = k - 1;
                while (p > 0 && best[p - 1] > s) {
                    best[p] = best[p - 1];
                    p--;
                }
                best[p] = s;
                bound = best[k - 1];
            }
        }
        double sum = 0;
        for (double b : best) {
            sum += Math.sqrt(b);
        }
        return sum / k;
    }

    /**
     * Squared distance of {@code q} to reference row at {@code off}, given up (returning a value at or above
     * {@code bound}) once it reaches the bound; checked every 16 dimensions so the inner loop vectorizes.
     */
    private static double distance(double[] q, double[] ref, int off, int len, double bound) {
        double s = 0;
        int j = 0;
        while (j < len) {
            int end = Math.min(j + 16, len);
            for (; j < end; j++) {
                double dlt = q[j] - ref[off + j];
                s += dlt * dlt;
            }
            if (s >= bound) {
                return s;
            }
        }
        return s;
    }

    @Override
    public QuantileCalibrator calibrate(double[][] rows, double anchorQuantile, double anchorValue) {
        int stride = Math.max(1, rows.length / 4000);
        double[] s = new double[(rows.length + stride - 1) / stride];
        for (int i = 0, t = 0; t < rows.length; t += stride, i++) {
            s[i] = score(rows, t, t);
        }
        return QuantileCalibrator.fit(s, anchorQuantile, anchorValue);
    }

    @Override
    public double[] attribution(double[][] rows, int t) {
        if (scratch == null || scratch.length != features) {
            scratch = new double[features];
            best = new double[k];
        }
        build(rows, t, scratch);
        int nearest = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            double s = 0;
            for (int j = 0; j < features; j++) {
                double dlt = scratch[j] - reference[i * features + j];
                s += dlt * dlt;
            }
            if (s < min) {
                min = s;
                nearest = i;
            }
        }
        int d = rows[t].length;
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            double dlt = scratch[j] - reference[nearest * features + j];
            out[j] = dlt * dlt;
        }
        return out;
    }
}
