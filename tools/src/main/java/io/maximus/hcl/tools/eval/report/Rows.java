package io.maximus.hcl.tools.eval.report;

import java.util.ArrayList;
import java.util.List;

/** Row-index helpers for the reports: labelled runs, onsets and the rows at or above a threshold. */
public final class Rows {

    private Rows() {}

    /** Inclusive [from, to] row pairs of the runs of 1 in a 0/1 label vector. */
    public static List<int[]> runs(int[] labels) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < labels.length) {
            if (labels[i] == 1) {
                int j = i;
                while (j + 1 < labels.length && labels[j + 1] == 1) {
                    j++;
                }
                out.add(new int[] {i, j});
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    /** The first row of every run of 1 in a 0/1 label vector. */
    public static int[] onsets(int[] labels) {
        return runs(labels).stream().mapToInt(r -> r[0]).toArray();
    }

    /** The rows whose value is at or above {@code threshold} (NaN never is). */
    public static int[] atOrAbove(double[] values, double threshold) {
        int n = 0;
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= threshold) {
                out[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The rows that start a run at or above {@code threshold}: one detection per crossing. */
    public static int[] crossings(double[] values, double threshold) {
        int n = 0;
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= threshold && (i == 0 || !(values[i - 1] >= threshold))) {
                out[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
