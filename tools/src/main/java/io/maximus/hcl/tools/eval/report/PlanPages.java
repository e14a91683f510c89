package io.maximus.hcl.tools.eval.report;

import java.time.Instant;
import java.util.Map;

/**
 * The report page of {@code hcl eval plan}: on the evaluated (last 30%) part of a trace, the load, each policy's
 * replicas and each policy's p99 latency against the SLO, one chart with three panels.
 */
public final class PlanPages {

    private static final String[] COLORS = {"#7f7f7f", "#1f77b4", "#2ca02c", "#9467bd", "#d62728", "#ff7f0e"};

    private PlanPages() {}

    /** A report with the notes that explain its pages. */
    public static Report newReport(String title) {
        return new Report(title)
                .note(
                        "Each policy is calibrated on the first 70% of the trace (grid search, simulator of a service with "
                                + "replicas, start-up delay, queue and an M/M/c latency) and run on the last 30%, drawn here: the "
                                + "load (requests/s), the replicas each policy kept (billed: ready and starting) and each "
                                + "policy's p99 latency with the SLO (dashed); latencies above three times the SLO are drawn "
                                + "at that ceiling. Long series are drawn with the min and max of the points in each pixel "
                                + "column.");
    }

    /**
     * Adds the page of one trace.
     *
     * @param report the report
     * @param name trace name
     * @param figures the trace's figures (the policies' metrics)
     * @param firstSecond time of step 0, seconds (epoch seconds, or seconds from the trace's start)
     * @param stepSeconds the simulator's step
     * @param load requests/s per step
     * @param replicas per policy, replicas per step
     * @param p99Ms per policy, p99 latency per step
     * @param sloMs the p99 SLO
     */
    public static void trace(
            Report report,
            String name,
            Map<String, ?> figures,
            long firstSecond,
            long stepSeconds,
            double[] load,
            Map<String, double[]> replicas,
            Map<String, double[]> p99Ms,
            double sloMs) {
        Chart chart = new Chart(0, load.length).xLabel(r -> label(firstSecond + r * stepSeconds));
        chart.panel("load (requests/s)", 160).line("load", load, "#000");
        Chart.Panel rep = chart.panel("replicas", 200);
        Chart.Panel lat = chart.panel("p99 latency (ms)", 200);
        int i = 0;
        for (Map.Entry<String, double[]> e : replicas.entrySet()) {
            String color = COLORS[i++ % COLORS.length];
            rep.line(e.getKey() + " replicas", e.getValue(), color);
            double[] p = p99Ms.get(e.getKey()).clone();
            for (int k = 0; k < p.length; k++) {
                p[k] = Math.min(p[k], 3 * sloMs);
            }
            lat.line(e.getKey() + " p99", p, color);
        }
        lat.threshold("SLO", sloMs, "#000");
        report.page(name).figures(figures).chart(name, chart);
    }

    private static String label(long second) {
        if (second < 1_000_000_000L) {
            return String.format("day %d %02d:%02d", second / 86_400, second % 86_400 / 3600, second % 3600 / 60);
        }
        return Instant.ofEpochSecond(second).toString().replace('T', ' ').replaceAll(":\\d\\dZ$", "");
    }
}
