package io.maximus.hcl.tools.eval.anomaly;

import java.util.Arrays;

/**
 * Threshold-free and best-threshold metrics of anomaly scores against 0/1 labels: ROC-AUC (ties averaged),
 * PR-AUC as average precision, the best F1 over all thresholds, and the best F1 with point adjustment (a detection
 * anywhere in a labelled segment counts for the whole segment).
 */
public final class DetectionMetrics {

    private DetectionMetrics() {}

    /** ROC-AUC by the rank-sum formula, tied scores sharing their average rank. */
    public static double rocAuc(double[] scores, int[] labels) {
        int n = scores.length;
        Integer[] idx = order(scores);
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1; // ascending ranks, 1-based
            for (int k = i; k <= j; k++) {
                if (labels[idx[k]] == 1) {
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

    /** Average precision: sum over thresholds (distinct scores, descending) of precision times recall gained. */
    public static double prAuc(double[] scores, int[] labels) {
        long totalPos = Arrays.stream(labels).filter(l -> l == 1).count();
        if (totalPos == 0) {
            return Double.NaN;
        }
        double ap = 0;
        double prevRecall = 0;
        for (double[] g : sweep(scores, labels)) {
            double recall = g[0] / totalPos;
            ap += (recall - prevRecall) * (g[0] / (g[0] + g[1]));
            prevRecall = recall;
        }
        return ap;
    }

    /** Best F1 over all thresholds; returns {f1, threshold}. */
    public static double[] bestF1(double[] scores, int[] labels) {
        long totalPos = Arrays.stream(labels).filter(l -> l == 1).count();
        double best = 0;
        double bestThr = Double.POSITIVE_INFINITY;
        for (double[] g : sweep(scores, labels)) {
            double f1 = totalPos == 0 ? 0 : 2.0 * g[0] / (2.0 * g[0] + g[1] + (totalPos - g[0]));
            if (f1 > best) {
                best = f1;
                bestThr = g[2];
            }
        }
        return new double[] {best, bestThr};
    }

    /**
     * The thresholds a detector can take, highest first, one per distinct score (ties enter together): for each,
     * {true positives, false positives, threshold} when alarming at scores at or above it.
     */
    private static java.util.List<double[]> sweep(double[] scores, int[] labels) {
        Integer[] idx = order(scores);
        java.util.List<double[]> out = new java.util.ArrayList<>();
        long tp = 0;
        long fp = 0;
        int i = scores.length - 1;
        while (i >= 0) {
            int j = i;
            while (j - 1 >= 0 && scores[idx[j - 1]] == scores[idx[i]]) {
                j--;
            }
            for (int k = j; k <= i; k++) {
                if (labels[idx[k]] == 1) {
                    tp++;
                } else {
                    fp++;
                }
            }
            out.add(new double[] {tp, fp, scores[idx[i]]});
            i = j - 1;
        }
        return out;
    }

    /**
     * Best F1 with point adjustment. At any threshold a segment is wholly detected iff its maximum score passes, so
     * replacing each labelled point's score by its segment's maximum and taking the plain best F1 is exact.
     */
    public static double bestF1PointAdjusted(double[] scores, int[] labels) {
        return bestF1(pointAdjustedScores(scores, labels), labels)[0];
    }

    /** Scores with every labelled segment's points raised to the segment's maximum. */
    public static double[] pointAdjustedScores(double[] scores, int[] labels) {
        double[] adj = scores.clone();
        int i = 0;
        while (i < labels.length) {
            if (labels[i] == 1) {
                int j = i;
                double max = scores[i];
                while (j < labels.length && labels[j] == 1) {
                    max = Math.max(max, scores[j]);
                    j++;
                }
                for (int k = i; k < j; k++) {
                    adj[k] = max;
                }
                i = j;
            } else {
                i++;
            }
        }
        return adj;
    }

    private static Integer[] order(double[] scores) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[a], scores[b]));
        return idx;
    }
}
