package io.maximus.hcl.models.anomaly;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Isolation Forest (Liu, Ting and Zhou, ICDM 2008): random axis-parallel splits on sub-samples; anomalies are isolated
 * in fewer splits. The score is {@code 2^(-E[h(x)] / c(psi))} in (0, 1), higher meaning more anomalous.
 *
 * <p>Written here rather than taken from a library: the JVM libraries that have one (Smile, Tribuo) are either GPL or
 * heavy, and a flat-array forest scores a snapshot in a few microseconds without allocation. Dimensions that are
 * constant inside a node are never chosen for a split (the paper's algorithm would pick them and make no progress),
 * so constant training dimensions do not dilute the trees.
 */
public final class IsolationForest implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final double EULER_GAMMA = 0.5772156649015329;

    private final int numTrees;
    private final int sampleSize;
    private final long seed;

    private int dims;
    private int psi;
    private double cPsi;
    private int[] roots;
    // Flat node arrays; feature[i] < 0 marks a leaf whose path length (depth + c(size)) is in split[i].
    private int[] feature;
    private double[] split;
    private int[] left;
    private int[] right;
    private int nodeCount;

    /** A forest with the paper's defaults: 100 trees of 256-row sub-samples. */
    public IsolationForest(long seed) {
        this(100, 256, seed);
    }

    /** A forest of {@code numTrees} trees, each grown on {@code sampleSize} rows drawn without replacement. */
    public IsolationForest(int numTrees, int sampleSize, long seed) {
        if (numTrees < 1 || sampleSize < 2) {
            throw new IllegalArgumentException("numTrees >= 1 and sampleSize >= 2 required");
        }
        this.numTrees = numTrees;
        this.sampleSize = sampleSize;
        this.seed = seed;
    }

    /** Average path length of an unsuccessful search in a binary search tree of n points: the c(n) correction. */
    public static double c(int n) {
        if (n <= 1) {
            return 0.0;
        }
        if (n == 2) {
            return 1.0;
        }
        return 2.0 * (Math.log(n - 1.0) + EULER_GAMMA) - 2.0 * (n - 1.0) / n;
    }

    /** Grows the forest on the rows of {@code data} (all rows must have the same length); returns this. */
    public IsolationForest fit(double[][] data) {
        int n = data.length;
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 rows, got " + n);
        }
        dims = data[0].length;
        psi = Math.min(sampleSize, n);
        cPsi = c(psi);
        int heightLimit = (int) Math.ceil(Math.log(psi) / Math.log(2));
        int capacity = numTrees * (2 * psi);
        feature = new int[capacity];
        split = new double[capacity];
        left = new int[capacity];
        right = new int[capacity];
        roots = new int[numTrees];
        nodeCount = 0;
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) {
            pool[i] = i;
        }
        double[][] sample = new double[psi][];
        int[] candidates = new int[dims];
        for (int t = 0; t < numTrees; t++) {
            // partial Fisher-Yates: the first psi entries of pool become a uniform sample without replacement
            for (int i = 0; i < psi; i++) {
                int j = i + rnd.nextInt(n - i);
                int tmp = pool[i];
                pool[i] = pool[j];
                pool[j] = tmp;
                sample[i] = data[pool[i]];
            }
            roots[t] = grow(sample, 0, psi, 0, heightLimit, rnd, candidates);
        }
        feature = Arrays.copyOf(feature, nodeCount);
        split = Arrays.copyOf(split, nodeCount);
        left = Arrays.copyOf(left, nodeCount);
        right = Arrays.copyOf(right, nodeCount);
        return this;
    }

    private int grow(
            double[][] rows, int from, int to, int depth, int heightLimit, SplittableRandom rnd, int[] candidates) {
        int node = nodeCount++;
        int size = to - from;
        if (depth >= heightLimit || size <= 1) {
            return leaf(node, depth, size);
        }
        // dimensions that still vary inside this node
        int nc = 0;
        for (int d = 0; d < dims; d++) {
            double first = rows[from][d];
            for (int i = from + 1; i < to; i++) {
                if (rows[i][d] != first) {
                    candidates[nc++] = d;
                    break;
                }
            }
        }
        if (nc == 0) {
            return leaf(node, depth, size);
        }
        int f = candidates[rnd.nextInt(nc)];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            double v = rows[i][f];
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        double s = min + rnd.nextDouble() * (max - min);
        if (s <= min) {
            s = Math.nextUp(min); // keep both sides non-empty: left is v < s
        }
        int mid = from;
        for (int i = from; i < to; i++) {
            if (rows[i][f] < s) {
                double[] tmp = rows[i];
                rows[i] = rows[mid];
                rows[mid] = tmp;
                mid++;
            }
        }
        feature[node] = f;
        split[node] = s;
        left[node] = grow(rows, from, mid, depth + 1, heightLimit, rnd, candidates);
        right[node] = grow(rows, mid, to, depth + 1, heightLimit, rnd, candidates);
        return node;
    }

    private int leaf(int node, int depth, int size) {
        feature[node] = -1;
        split[node] = depth + c(size);
        return node;
    }

    /** Mean path length of {@code x} over the trees, including the c(size) correction at the leaves. */
    public double meanPathLength(double[] x) {
        checkFitted(x);
        double total = 0;
        for (int t = 0; t < roots.length; t++) {
            int node = roots[t];
            int f;
            while ((f = feature[node]) >= 0) {
                node = x[f] < split[node] ? left[node] : right[node];
            }
            total += split[node];
        }
        return total / roots.length;
    }

    /** The anomaly score of one point, in (0, 1]; about 0.5 or less for ordinary points, near 1 for anomalies. */
    public double score(double[] x) {
        return Math.pow(2.0, -meanPathLength(x) / cPsi);
    }

    /** Scores of many points. */
    public double[] score(double[][] xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = score(xs[i]);
        }
        return out;
    }

    private void checkFitted(double[] x) {
        if (roots == null) {
            throw new IllegalStateException("IsolationForest is not fitted");
        }
        if (x.length != dims) {
            throw new IllegalArgumentException("expected " + dims + " dimensions, got " + x.length);
        }
    }

    /** Number of input dimensions the forest was fitted on. */
    public int dimensions() {
        return dims;
    }

    /** Number of trees. */
    public int numTrees() {
        return numTrees;
    }

    /** Rows per tree actually used (the sample size, or fewer when the training set is smaller). */
    public int effectiveSampleSize() {
        return psi;
    }

    /** Total number of nodes over all trees. */
    public int nodeCount() {
        return nodeCount;
    }
}
