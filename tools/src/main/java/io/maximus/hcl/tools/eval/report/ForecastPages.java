package io.maximus.hcl.tools.eval.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The report of {@code hcl eval forecast}: a page with the whole series and where the test part starts, then one
 * page per horizon with the forecast against the actual values and the prediction interval over the whole test part
 * (min/max per pixel column) and over its last 7 days at full resolution, and the forecast error.
 */
public final class ForecastPages {

    private ForecastPages() {}

    /** One horizon's forecasts: per row of the series, NaN where no forecast was made. */
    public record Horizon(
            String label, int steps, double[] mean, double[] lower, double[] upper, Map<String, ?> figures) {}

    /**
     * Builds the report.
     *
     * @param title report title
     * @param summary the command's summary JSON line
     * @param firstBin index of the first bin since the epoch ({@code epochSecond / stepSeconds})
     * @param stepSeconds bin width
     * @param actual the binned series (NaN where no data)
     * @param testStart first row of the test part
     * @param horizons the horizons' forecasts
     * @param level the prediction interval's nominal coverage, e.g. 0.9
     */
    public static Report build(
            String title,
            Map<String, ?> summary,
            long firstBin,
            long stepSeconds,
            double[] actual,
            int testStart,
            Iterable<Horizon> horizons,
            double level) {
        int n = actual.length;
        IntFunction<String> time = r -> Instant.ofEpochSecond((firstBin + r) * stepSeconds)
                .toString()
                .replace('T', ' ')
                .replaceAll(":\\d\\dZ$", "");
        String band = Math.round(level * 100) + "% prediction interval";
        Report report = new Report(title)
                .summary(summary)
                .note("Rolling-origin forecasts over the test part (the "
                        + "last rows after the marker on the series page), one page per horizon: the value forecast h steps "
                        + "earlier against the actual value, with its " + band
                        + ". Whole-part charts are drawn with the min "
                        + "and max of the rows in each pixel column; the last 7 days are also shown point by point.");
        Chart whole = new Chart(0, n).xLabel(time);
        whole.panel("series (" + stepSeconds / 60 + "-minute means)", 160).line("actual", actual, "#000");
        whole.markers("test part starts", new int[] {testStart}, "#d62728", true);
        Map<String, Object> sf = new LinkedHashMap<>();
        sf.put("rows", n);
        sf.put("test_start", time.apply(testStart));
        report.page("series").figures(sf).chart("the whole series", whole);
        int zoomFrom = Math.max(testStart, n - (int) (7 * 86400 / stepSeconds));
        for (Horizon h : horizons) {
            double[] err = new double[n];
            for (int i = 0; i < n; i++) {
                err[i] = h.mean()[i] - actual[i];
            }
            Report.Page page = report.page(h.label() + " ahead").figures(h.figures());
            page.chart(
                    "test part, " + h.label() + " ahead (" + h.steps() + " steps)",
                    chart(testStart, n, time, actual, h, err, band));
            if (zoomFrom > testStart) {
                page.chart("last 7 days", chart(zoomFrom, n, time, actual, h, err, band));
            }
        }
        return report;
    }

    private static Chart chart(
            int from, int to, IntFunction<String> time, double[] actual, Horizon h, double[] err, String band) {
        Chart c = new Chart(from, to).xLabel(time);
        c.panel("forecast " + h.label() + " ahead", 200)
                .band(band, h.lower(), h.upper(), "#9ecae1")
                .line("forecast", h.mean(), "#1f77b4")
                .line("actual", actual, "#000");
        c.panel("error (forecast - actual)", 80).line("error", err, "#d62728").threshold("zero", 0, "#999");
        return c;
    }
}
