package io.maximus.hcl.tools.eval.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report pages of {@code hcl eval degradation}: per input, the latency series, the mean of each segment between
 * change points, and the change points, red where the mean rose by more than the threshold (a degradation).
 */
public final class DegradationPages {

    private DegradationPages() {}

    /** A report with the notes that explain its pages. */
    public static Report newReport(String title, double threshold) {
        return new Report(title)
                .note("One page per input: the latency (as given to PELT), the mean of each "
                        + "segment between change points (dashed), and the change points: red where the mean after is more "
                        + "than " + Math.round(threshold * 100)
                        + "% above the mean before (a degradation, with its severity "
                        + "in the hover text), grey otherwise. Long series are drawn with the min and max of the points in "
                        + "each pixel column.");
    }

    /**
     * Adds the page of one series.
     *
     * @param report the report
     * @param name series name
     * @param figures the series' figures
     * @param firstEpochSecond time of point 0
     * @param stepSeconds time between points
     * @param series the points PELT ran on
     * @param changePoints indices of the first point after each change
     * @param severity {@code after / before - 1} of each change point
     * @param threshold severity above which a change point is a degradation
     */
    public static void series(
            Report report,
            String name,
            Map<String, ?> figures,
            long firstEpochSecond,
            long stepSeconds,
            double[] series,
            int[] changePoints,
            double[] severity,
            double threshold) {
        int n = series.length;
        double[] means = new double[n];
        int start = 0;
        for (int i = 0; i <= changePoints.length; i++) {
            int end = i < changePoints.length ? changePoints[i] : n;
            double s = 0;
            for (int t = start; t < end; t++) {
                s += series[t];
            }
            java.util.Arrays.fill(means, start, end, s / Math.max(1, end - start));
            start = end;
        }
        Chart chart = new Chart(0, n)
                .xLabel(r -> Instant.ofEpochSecond(firstEpochSecond + r * stepSeconds)
                        .toString()
                        .replace('T', ' ')
                        .replaceAll(":\\d\\dZ$", ""));
        chart.panel("latency", 220).line("latency", series, "#1f77b4").line("segment mean", means, "#000", true);
        List<Integer> up = new ArrayList<>();
        List<Integer> other = new ArrayList<>();
        StringBuilder sev = new StringBuilder();
        for (int i = 0; i < changePoints.length; i++) {
            boolean degradation = severity[i] > threshold;
            (degradation ? up : other).add(changePoints[i]);
            if (degradation) {
                sev.append(sev.length() == 0 ? "" : ", ")
                        .append('+')
                        .append(Math.round(severity[i] * 100))
                        .append("% at ")
                        .append(Instant.ofEpochSecond(firstEpochSecond + changePoints[i] * stepSeconds));
            }
        }
        chart.markers(
                "degradation" + (sev.length() == 0 ? "" : ": " + sev),
                up.stream().mapToInt(i -> i).toArray(),
                "#d62728",
                false);
        chart.markers("other change point", other.stream().mapToInt(i -> i).toArray(), "#999", true);
        report.page(name).figures(figures).chart(name, chart);
    }
}
