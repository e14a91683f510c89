package io.maximus.hcl.tools.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report pages of {@code hcl eval failure}: per machine, over its evaluated part, the predicted probability of
 * an incident onset against the alarm threshold, the alarms, the incident onsets, the labelled incidents and the
 * warning window before each onset in which an alarm counts as a prediction.
 */
public final class FailurePages {

    private FailurePages() {}

    /** A report with the notes that explain its pages. */
    public static Report newReport(String title, int leadMinMinutes, int leadMaxMinutes) {
        return new Report(title)
                .note("One page per machine, over the evaluated part of its test period (the "
                        + "earlier part trained the model). Red dashed lines: incident onsets; orange: labelled incidents; "
                        + "green: the " + leadMinMinutes + "-" + leadMaxMinutes
                        + " minute window before each onset in which "
                        + "an alarm counts as predicting it. Ticks: alarms (probability at or above the threshold, outside "
                        + "incidents). Long series are drawn with the min and max of the rows in each pixel column.");
    }

    /**
     * Adds the page of one machine.
     *
     * @param report the report
     * @param machine machine name
     * @param from first evaluated row
     * @param probability probability per evaluated row (rows [from, from + length))
     * @param threshold alarm threshold
     * @param labels 0/1 incident label per row of the whole test period
     * @param rowMinutes minutes per row
     * @param leadMinMinutes earliest useful warning before an onset
     * @param leadMaxMinutes latest useful warning before an onset
     * @return the machine's figures as shown on the page
     */
    public static Map<String, Object> machine(
            Report report,
            String machine,
            int from,
            float[] probability,
            double threshold,
            int[] labels,
            int rowMinutes,
            int leadMinMinutes,
            int leadMaxMinutes) {
        int n = labels.length;
        if (from + probability.length != n) {
            throw new IllegalArgumentException(
                    machine + ": " + probability.length + " probabilities from row " + from + " for " + n + " rows");
        }
        int lo = Math.max(1, Math.round(leadMinMinutes / (float) rowMinutes));
        int hi = Math.max(1, Math.round(leadMaxMinutes / (float) rowMinutes));
        double[] p = new double[n];
        java.util.Arrays.fill(p, 0, from, Double.NaN);
        List<Integer> alarms = new ArrayList<>();
        for (int i = 0; i < probability.length; i++) {
            p[from + i] = probability[i];
            if (probability[i] >= threshold && labels[from + i] == 0) {
                alarms.add(from + i);
            }
        }
        int[] onsets = Rows.onsets(labels);
        List<int[]> warn = new ArrayList<>();
        List<Integer> inPart = new ArrayList<>();
        int events = 0;
        int predicted = 0;
        for (int o : onsets) {
            if (o - hi >= from) {
                // counted as the evaluation counts: the whole warning window lies in the evaluated part
                events++;
                warn.add(new int[] {o - hi, o - lo});
                for (int t = o - hi; t <= o - lo; t++) {
                    if (p[t] >= threshold && labels[t] == 0) {
                        predicted++;
                        break;
                    }
                }
            }
            if (o >= from) {
                inPart.add(o);
            }
        }
        boolean[] inWarn = new boolean[n];
        for (int[] w : warn) {
            for (int t = Math.max(0, w[0]); t <= w[1]; t++) {
                inWarn[t] = true;
            }
        }
        int trueAlarms = 0;
        for (int a : alarms) {
            trueAlarms += inWarn[a] ? 1 : 0;
        }
        Map<String, Object> fig = new LinkedHashMap<>();
        fig.put("rows", probability.length);
        fig.put("events", events);
        fig.put("predicted", predicted);
        fig.put("alarms", alarms.size());
        fig.put("alarms_in_warning_window", trueAlarms);
        fig.put("threshold", Math.round(threshold * 10000) / 10000.0);
        Chart chart = new Chart(from, n).xLabel(r -> "row " + r);
        chart.panel("P(incident onset in " + leadMinMinutes + "-" + leadMaxMinutes + " min)", 160)
                .line("probability", p, "#1f77b4")
                .threshold("alarm threshold", threshold, "#555")
                .ticks("alarm", alarms.stream().mapToInt(Integer::intValue).toArray(), "#000");
        List<int[]> incidents = new ArrayList<>();
        for (int[] r : Rows.runs(labels)) {
            if (r[1] >= from) {
                incidents.add(r);
            }
        }
        chart.spans("labelled incident", incidents, "#f5b041", 0.35);
        chart.spans("warning window before an onset", warn, "#2ca02c", 0.25);
        chart.markers(
                "incident onset", inPart.stream().mapToInt(Integer::intValue).toArray(), "#d62728", true);
        report.page(machine).figures(fig).chart(machine, chart);
        return fig;
    }
}
