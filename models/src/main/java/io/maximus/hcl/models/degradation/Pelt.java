package io.maximus.hcl.models.degradation;

import java.util.ArrayList;
import java.util.List;

/**
 * PELT (Pruned Exact Linear Time) change-point search, Killick, Fearnhead and Eckley (2012), JASA 107(500).
 *
 * <p>Minimises {@code sum over segments of cost(segment) + penalty * (number of change points)} exactly, like
 * optimal partitioning, but prunes candidate last-change positions that can never again be optimal. With a minimum
 * segment length the pruning argument only holds for ends at least {@code minSize} past the point where the
 * condition was first met, so a pruned candidate is dropped only then; this keeps the result exact (a property
 * test compares it with {@link #optimalPartitioning}). Written here rather than taken from a library because no
 * maintained JVM implementation exists (ruptures and changepoint are Python and R).
 */
public final class Pelt {

    private static final double PRUNE_EPS = 1e-9;

    private final double penalty;
    private final int minSize;

    /** A PELT search with the given penalty per change point (> 0) and minimum segment length (>= 1). */
    public Pelt(double penalty, int minSize) {
        if (!(penalty >= 0) || minSize < 1) {
            throw new IllegalArgumentException("penalty must be >= 0 and minSize >= 1");
        }
        this.penalty = penalty;
        this.minSize = minSize;
    }

    /** Returns the change points (start indices of every segment but the first, ascending) of the fitted cost. */
    public int[] search(SegmentCost cost) {
        int n = cost.size();
        if (n < 2 * minSize) {
            return new int[0];
        }
        double[] f = new double[n + 1];
        int[] last = new int[n + 1];
        f[0] = -penalty;
        // candidates in ascending order; prunedAt[i] = first end at which candidate i met the pruning condition
        int[] cand = new int[n + 1];
        int[] prunedAt = new int[n + 1];
        int nc = 0;
        for (int end = minSize; end <= n; end++) {
            int newCand = end - minSize;
            if (newCand == 0 || newCand >= minSize) {
                cand[nc] = newCand;
                prunedAt[nc] = Integer.MAX_VALUE;
                nc++;
            }
            double best = Double.POSITIVE_INFINITY;
            int arg = -1;
            for (int i = 0; i < nc; i++) {
                double v = f[cand[i]] + cost.cost(cand[i], end) + penalty;
                if (v < best) {
                    best = v;
                    arg = cand[i];
                }
            }
            f[end] = best;
            last[end] = arg;
            // mark and drop pruned candidates
            int k = 0;
            for (int i = 0; i < nc; i++) {
                int t = cand[i];
                int pa = prunedAt[i];
                if (pa == Integer.MAX_VALUE && f[t] + cost.cost(t, end) > f[end] + PRUNE_EPS) {
                    pa = end;
                }
                if (pa != Integer.MAX_VALUE && end >= pa + minSize - 1) {
                    continue; // from end+1 on, the segment [pa, end+1) is long enough: t can never win again
                }
                cand[k] = t;
                prunedAt[k] = pa;
                k++;
            }
            nc = k;
        }
        return backtrack(last, n);
    }

    /**
     * Brute-force optimal partitioning (Jackson et al. 2005), O(n²) cost evaluations: the exact reference PELT must
     * reproduce. Same objective, same tie-breaking (smallest last change point).
     */
    public int[] optimalPartitioning(SegmentCost cost) {
        int n = cost.size();
        if (n < 2 * minSize) {
            return new int[0];
        }
        double[] f = new double[n + 1];
        int[] last = new int[n + 1];
        f[0] = -penalty;
        for (int end = minSize; end <= n; end++) {
            double best = Double.POSITIVE_INFINITY;
            int arg = -1;
            for (int t = 0; t <= end - minSize; t++) {
                if (t != 0 && t < minSize) {
                    continue;
                }
                double v = f[t] + cost.cost(t, end) + penalty;
                if (v < best) {
                    best = v;
                    arg = t;
                }
            }
            f[end] = best;
            last[end] = arg;
        }
        return backtrack(last, n);
    }

    private static int[] backtrack(int[] last, int n) {
        List<Integer> cps = new ArrayList<>();
        int e = n;
        while (e > 0) {
            int t = last[e];
            if (t > 0) {
                cps.add(t);
            }
            e = t;
        }
        int[] out = new int[cps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = cps.get(out.length - 1 - i);
        }
        return out;
    }

    /** Penalty per change point. */
    public double penalty() {
        return penalty;
    }

    /** Minimum segment length. */
    public int minSize() {
        return minSize;
    }
}
