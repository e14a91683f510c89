package io.maximus.hcl.models.degradation;

import java.util.Arrays;

/**
 * RBF-kernel segment cost (the {@code rbf} cost of the ruptures library, Truong et al. 2020):
 * {@code cost(a,b) = sum_i k(x_i,x_i) - (1/(b-a)) sum_{i,j in [a,b)} k(x_i,x_j)} with
 * {@code k(x,y) = exp(-gamma (x-y)^2)}. Detects changes in the whole distribution, and is robust to outliers
 * because the kernel is bounded.
 *
 * <p>{@code gamma} is either given or set by the median heuristic ({@code 1 / median of the pairwise squared
 * distances}, as ruptures does; 1 if that median is 0). The fit builds a 2-D prefix sum of the Gram matrix, so
 * each cost is O(1) but memory is O(n²): signals are limited to {@link #MAX_POINTS} points (8 bytes × (n+1)²,
 * about 32 MB at the limit), which is ample for latency windows of an hour or two at 15-second samples.
 */
public final class RbfCost implements SegmentCost {

    /** Largest signal this cost accepts (memory bound of the Gram prefix sums). */
    public static final int MAX_POINTS = 2000;

    private final double fixedGamma;
    private double gamma;
    private double[] prefix = new double[1]; // (n+1)*(n+1) 2-D prefix sums of the Gram matrix, row-major
    private int n;

    /** An RBF cost with gamma chosen by the median heuristic on each fitted signal. */
    public RbfCost() {
        this(Double.NaN);
    }

    /** An RBF cost with a fixed gamma ({@code NaN} for the median heuristic). */
    public RbfCost(double gamma) {
        this.fixedGamma = gamma;
    }

    @Override
    public RbfCost fit(double[] signal) {
        n = signal.length;
        if (n > MAX_POINTS) {
            throw new IllegalArgumentException("RBF cost limited to " + MAX_POINTS + " points, got " + n);
        }
        gamma = Double.isNaN(fixedGamma) ? medianHeuristic(signal) : fixedGamma;
        int w = n + 1;
        prefix = new double[w * w];
        for (int i = 0; i < n; i++) {
            double rowRun = 0;
            for (int j = 0; j < n; j++) {
                double d = signal[i] - signal[j];
                rowRun += Math.exp(-gamma * d * d);
                prefix[(i + 1) * w + (j + 1)] = prefix[i * w + (j + 1)] + rowRun;
            }
        }
        return this;
    }

    /** The gamma used for the last fit. */
    public double gamma() {
        return gamma;
    }

    static double medianHeuristic(double[] x) {
        int n = x.length;
        if (n < 2) {
            return 1.0;
        }
        double[] d = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = x[i] - x[j];
                d[k++] = v * v;
            }
        }
        Arrays.sort(d);
        double med = (d.length % 2 == 1) ? d[d.length / 2] : 0.5 * (d[d.length / 2 - 1] + d[d.length / 2]);
        return med > 0 ? 1.0 / med : 1.0;
    }

    @Override
    public double cost(int start, int end) {
        int len = end - start;
        if (len <= 0) {
            return 0;
        }
        int w = n + 1;
        // block sum of the symmetric Gram matrix over [start,end)x[start,end)
        double block =
                prefix[end * w + end] - prefix[start * w + end] - prefix[end * w + start] + prefix[start * w + start];
        // k(x,x) = 1 on the diagonal
        return Math.max(0, len - block / len);
    }

    @Override
    public int size() {
        return n;
    }
}
