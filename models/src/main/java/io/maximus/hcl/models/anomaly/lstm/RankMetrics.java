package io.maximus.hcl.models.anomaly.lstm;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Threshold-free detection metrics over per-row scores and 0/1 labels: ROC-AUC, PR-AUC (average precision), best
 * F1 over all thresholds, and the point-adjust transform.
 *
 * <p>Written here rather than taken from a library: commons-math has no ranking metrics, and these are a few lines
 * each with tie handling that must match the usual definitions (scikit-learn's) exactly.
 */
public final class RankMetrics {

    private RankMetrics() {
    }

    /**
     * ROC-AUC as the Mann–Whitney statistic with average ranks for ties; NaN if one class is absent.
     */
    public static double rocAuc(double[] scores, int[] labels) {
        check(scores, labels);
        Integer[] idx = ascending(scores);
        double rankSumPos = 0;
        long pos = 0;
        int n = scores.length;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                if (labels[idx[k]] != 0) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * PR-AUC as average precision: {@code Σ (R_k − R_{k−1}) · P_k} over the distinct score thresholds, highest
     * first (scikit-learn's {@code average_precision_score}); NaN without positives.
     */
    public static double averagePrecision(double[] scores, int[] labels) {
        Curve c = new Curve(scores, labels);
        if (c.pos == 0) {
            return Double.NaN;
        }
        double ap = 0;
        double prevRecall = 0;
        for (int g = 0; g < c.tp.length; g++) {
            double recall = (double) c.tp[g] / c.pos;
            double precision = (double) c.tp[g] / (c.tp[g] + c.fp[g]);
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
        }
        return ap;
    }

    /** Best F1 over all thresholds {@code score >= t}; 0 without positives. */
    public static double bestF1(double[] scores, int[] labels) {
        Curve c = new Curve(scores, labels);
        double best = 0;
        for (int g = 0; g < c.tp.length; g++) {
            long fn = c.pos - c.tp[g];
            double f1 = 2.0 * c.tp[g] / (2.0 * c.tp[g] + c.fp[g] + fn);
            best = Math.max(best, f1);
        }
        return best;
    }

    /**
     * Point adjustment: every row of a labelled anomaly segment takes the segment's highest score, so at any
     * threshold the segment counts as wholly detected as soon as one of its rows is. Best F1 of the result is the
     * "point-adjusted" best F1 of the literature (which flatters every detector, see BASELINES.md).
     */
    public static double[] pointAdjust(double[] scores, int[] labels) {
        check(scores, labels);
        double[] out = scores.clone();
        int i = 0;
        while (i < labels.length) {
            if (labels[i] == 0) {
                i++;
                continue;
            }
            int j = i;
            double max = scores[i];
            while (j < labels.length && labels[j] != 0) {
                max = Math.max(max, scores[j]);
                j++;
            }
            Arrays.fill(out, i, j, max);
            i = j;
        }
        return out;
    }

    private static void check(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
    }

    private static Integer[] ascending(double[] scores) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble(k -> scores[k]));
        return idx;
    }

    /** Cumulative true and false positives at each distinct threshold, highest score first. */
    private static final class Curve {
        final long[] tp;
        final long[] fp;
        final long pos;

        Curve(double[] scores, int[] labels) {
            check(scores, labels);
            Integer[] asc = ascending(scores);
            int n = scores.length;
            long[] tpAll = new long[n];
            long[] fpAll = new long[n];
            int groups = 0;
            long t = 0;
            long f = 0;
            int i = n - 1;
            while (i >= 0) {
                int j = i;
                while (j - 1 >= 0 && scores[asc[j - 1]] == scores[asc[i]]) {
                    j--;
                }
                for (int k = j; k <= i; k++) {
                    if (labels[asc[k]] != 0) {
                        t++;
                    } else {
                        f++;
                    }
                }
                tpAll[groups] = t;
                fpAll[groups] = f;
                groups++;
                i = j - 1;
            }
            tp = Arrays.copyOf(tpAll, groups);
            fp = Arrays.copyOf(fpAll, groups);
            pos = t;
        }
    }
}
