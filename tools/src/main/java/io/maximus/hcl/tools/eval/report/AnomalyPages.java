package io.maximus.hcl.tools.eval.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The report pages of {@code hcl eval anomaly} (one per machine) and {@code hcl eval nab} (one per series): the
 * signal, the anomaly score against its threshold, labelled anomaly windows and the detections.
 */
public final class AnomalyPages {

    /** Standardized metrics beyond this are clipped on the plot, so one huge spike does not flatten the rest. */
    static final double Z_CLIP = 20;

    private static final String[] DIM_COLORS = {"#1f77b4", "#2ca02c", "#9467bd", "#8c564b"};
    private static final String WINDOW = "#f5b041";

    private AnomalyPages() {}

    /** The notes an anomaly report's index starts with. */
    public static Report newAnomalyReport(String title) {
        return new Report(title)
                .note("One page per machine. Top: the metrics that deviate most inside the labelled "
                        + "anomalies, one panel each (standardized with the training mean/std, clipped to +-"
                        + (int) Z_CLIP + "). Bottom: "
                        + "the combined anomaly score, the configured threshold and the best-F1 operating point; ticks mark "
                        + "where the score crosses the operating point. Shaded: labelled anomaly segments. Long series are "
                        + "drawn with the min and max of the rows in each pixel column, so spikes stay visible.");
    }

    /**
     * Adds the page of one machine.
     *
     * @param report the report
     * @param name machine name
     * @param figures the machine's JSON line
     * @param z standardized test rows (row-major, one column per metric)
     * @param score combined anomaly score per test row
     * @param labels 0/1 label per test row
     * @param threshold the configured threshold
     * @param operatingPoint the threshold the detections are counted at (e.g. the best-F1 one)
     * @param dims how many metrics to plot
     */
    public static void machine(
            Report report,
            String name,
            Map<String, ?> figures,
            double[][] z,
            double[] score,
            int[] labels,
            double threshold,
            double operatingPoint,
            int dims) {
        int n = score.length;
        if (z.length != n || labels.length != n) {
            throw new IllegalArgumentException(
                    name + ": " + z.length + " rows, " + score.length + " scores, " + labels.length + " labels");
        }
        int[] top = keyDims(z, labels, dims);
        Chart chart = new Chart(0, n).xLabel(r -> "row " + r);
        for (int k = 0; k < top.length; k++) {
            double[] col = new double[n];
            for (int t = 0; t < n; t++) {
                col[t] = Math.max(-Z_CLIP, Math.min(Z_CLIP, z[t][top[k]]));
            }
            // one panel per metric: correlated metrics drawn over each other would hide all but the last
            chart.panel("metric " + (top[k] + 1) + " (z, clipped to +-" + (int) Z_CLIP + ")", 60)
                    .line("metric " + (top[k] + 1), col, DIM_COLORS[k % DIM_COLORS.length]);
        }
        Chart.Panel sc = chart.panel("anomaly score", 120)
                .line("score", score, "#d62728")
                .threshold("threshold", threshold, "#555");
        if (operatingPoint != threshold) {
            sc.threshold("operating point (best F1)", operatingPoint, "#e377c2");
        }
        sc.ticks("detection (score crosses the operating point)", Rows.crossings(score, operatingPoint), "#000");
        chart.spans("labelled anomaly", Rows.runs(labels), WINDOW, 0.35);
        report.page(name).figures(figures).chart(name, chart);
    }

    /**
     * The {@code k} metrics that deviate most inside the labelled rows compared with the rest (mean |z| inside minus
     * outside), or over all rows (max |z|) when nothing is labelled; constant metrics never qualify.
     */
    static int[] keyDims(double[][] z, int[] labels, int k) {
        int d = z.length == 0 ? 0 : z[0].length;
        double[] in = new double[d];
        double[] out = new double[d];
        double[] max = new double[d];
        int nIn = 0;
        for (int t = 0; t < z.length; t++) {
            boolean lab = labels[t] == 1;
            nIn += lab ? 1 : 0;
            for (int j = 0; j < d; j++) {
                double a = Math.abs(z[t][j]);
                if (!Double.isFinite(a)) {
                    continue;
                }
                if (lab) {
                    in[j] += a;
                } else {
                    out[j] += a;
                }
                max[j] = Math.max(max[j], a);
            }
        }
        int nOut = z.length - nIn;
        double[] key = new double[d];
        for (int j = 0; j < d; j++) {
            key[j] = nIn == 0 ? max[j] : in[j] / nIn - (nOut == 0 ? 0 : out[j] / nOut);
        }
        return IntStream.range(0, d)
                .filter(j -> max[j] > 0)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -key[j]).thenComparingInt(j -> j))
                .limit(k)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /**
     * Adds the page of one NAB series.
     *
     * @param report the report
     * @param name series name (category/file.csv)
     * @param figures the series' figures
     * @param timestamps epoch seconds per row
     * @param values the signal
     * @param score the detector's score per row
     * @param threshold the detection threshold (the standard profile's)
     * @param windows labelled windows as inclusive row pairs
     */
    public static void nabSeries(
            Report report,
            String name,
            Map<String, ?> figures,
            long[] timestamps,
            double[] values,
            double[] score,
            double threshold,
            List<int[]> windows) {
        int n = values.length;
        Chart chart = new Chart(0, n)
                .xLabel(r -> java.time.Instant.ofEpochSecond(timestamps[r])
                        .toString()
                        .replace('T', ' ')
                        .replaceAll(":\\d\\dZ$", ""));
        chart.panel("signal", 150).line("value", values, "#1f77b4");
        chart.panel("anomaly score", 110)
                .line("score", score, "#d62728")
                .threshold("threshold (standard profile)", threshold, "#555")
                .ticks("detection (row at or above the threshold)", Rows.atOrAbove(score, threshold), "#000");
        chart.spans("labelled anomaly window", windows, WINDOW, 0.35);
        int[] det = Rows.atOrAbove(score, threshold);
        boolean[] inWindow = new boolean[n];
        int hit = 0;
        for (int[] w : windows) {
            boolean found = false;
            for (int i = w[0]; i <= w[1]; i++) {
                inWindow[i] = true;
                found |= score[i] >= threshold;
            }
            hit += found ? 1 : 0;
        }
        int outside = 0;
        for (int i : det) {
            outside += inWindow[i] ? 0 : 1;
        }
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        all.put("rows", n);
        all.put("windows", windows.size());
        all.put("windows_detected", hit);
        all.put("detections_outside_windows", outside);
        all.putAll(figures);
        report.page(name).figures(all).chart(name, chart);
    }

    /** Row index pairs of NAB windows given in epoch seconds: first row at or after the start, last at or before the end. */
    public static List<int[]> windowRows(long[] timestamps, List<long[]> windows) {
        List<int[]> out = new ArrayList<>();
        for (long[] w : windows) {
            int a = 0;
            while (a < timestamps.length && timestamps[a] < w[0]) {
                a++;
            }
            int b = a;
            while (b + 1 < timestamps.length && timestamps[b + 1] <= w[1]) {
                b++;
            }
            if (a < timestamps.length) {
                out.add(new int[] {a, b});
            }
        }
        return out;
    }
}
