package io.maximus.hcl.tools.eval.degradation;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.degradation.DegradationDetector;
import io.maximus.hcl.models.degradation.L2Cost;
import io.maximus.hcl.models.degradation.RbfCost;
import io.maximus.hcl.models.forecast.SeriesCsv;
import io.maximus.hcl.tools.eval.report.DegradationPages;
import io.maximus.hcl.tools.eval.report.Report;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl eval degradation}: runs the PELT degradation detector over a whole latency series and prints its change
 * points, each with the segment means around it and its severity ({@code after / before - 1}), as one JSON line per
 * input; a change point whose severity passes the threshold (+20%) is a degradation, as in the job's rule.
 */
@Command(
        name = "degradation",
        mixinStandardHelpOptions = true,
        description = "Change points (PELT) on a latency series with their severity; one JSON line per input "
                + "{input, points, change_points: [{index, time, mean_before, mean_after, severity, degradation}], "
                + "degradations, ...}.")
public final class EvalDegradationCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EvalDegradationCommand.class);

    @Option(
            names = "--input",
            required = true,
            split = ",",
            description = "CSV file(s) with a header row (e.g. NAB's realKnownCause/ec2_request_latency_system_failure"
                    + ".csv); repeatable or comma-separated.")
    List<Path> inputs;

    @Option(
            names = "--time-col",
            description =
                    "Time column (default: the first). ISO-8601, 'YYYY-MM-DD HH:MM:SS', " + "epoch seconds or millis.")
    String timeCol;

    @Option(names = "--value-col", description = "Latency column (default: the second).")
    String valueCol;

    @Option(
            names = "--step",
            defaultValue = "5m",
            description = "Resolution: the series is resampled to means over this step; empty steps repeat the "
                    + "previous value. Default: ${DEFAULT-VALUE}.")
    String step;

    @Option(
            names = "--cost",
            defaultValue = "rbf",
            description = "Segment cost: rbf (as the job, the seed's) or l2. Default: ${DEFAULT-VALUE}.")
    String cost;

    @Option(
            names = "--penalty",
            defaultValue = "3",
            description = "Penalty per change point, times ln(n); for l2 also times the noise variance (estimated "
                    + "from the median absolute first difference) so it is unit-free. Default: ${DEFAULT-VALUE}.")
    double penalty;

    @Option(
            names = "--min-size",
            defaultValue = "8",
            description = "Shortest segment in points. Default: ${DEFAULT-VALUE}.")
    int minSize;

    @Option(
            names = "--threshold",
            defaultValue = "0.2",
            description = "Relative rise of the mean that makes a change point a degradation. Default: "
                    + "${DEFAULT-VALUE}.")
    double threshold;

    @Option(
            names = "--report",
            description = "Write an HTML report into this directory: index.html and one page "
                    + "per input (latency, segment means, change points coloured by severity).")
    Path report;

    /** One change point of a series. */
    public record Change(int index, double meanBefore, double meanAfter, double severity, boolean degradation) {}

    /** The change points of a series and how the detector was run on it. */
    public record Result(double[] series, int aggregated, double penaltyPerLogN, List<Change> changes) {}

    @Override
    public Integer call() throws Exception {
        if (!cost.equals("rbf") && !cost.equals("l2")) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--cost must be rbf or l2, not " + cost);
        }
        long stepSec = SeriesCsv.parseDurationSeconds(step);
        Report html = report == null ? null : DegradationPages.newReport("HCL eval degradation", threshold);
        for (Path input : inputs) {
            long t0 = System.nanoTime();
            SeriesCsv.Binned b = SeriesCsv.read(input, timeCol, valueCol, stepSec);
            double[] y = fillGaps(b.values());
            Result r = run(y, cost, penalty, minSize, threshold);
            long stepOut = stepSec * r.aggregated();
            long first = b.firstBin() * stepSec;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("input", input.toString());
            out.put("points", y.length);
            out.put("step_s", stepSec);
            out.put("aggregated", r.aggregated());
            out.put("cost", cost);
            out.put("penalty_per_ln_n", round(r.penaltyPerLogN()));
            out.put("min_size", minSize);
            out.put("threshold", threshold);
            List<Map<String, Object>> cps = new ArrayList<>();
            int degradations = 0;
            double maxSeverity = 0;
            for (Change c : r.changes()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", c.index() * r.aggregated());
                m.put("time", Instant.ofEpochSecond(first + c.index() * stepOut).toString());
                m.put("mean_before", round(c.meanBefore()));
                m.put("mean_after", round(c.meanAfter()));
                m.put("severity", round(c.severity()));
                m.put("degradation", c.degradation());
                cps.add(m);
                degradations += c.degradation() ? 1 : 0;
                if (Double.isFinite(c.severity())) {
                    maxSeverity = Math.max(maxSeverity, c.severity());
                }
            }
            out.put("change_points", cps);
            out.put("degradations", degradations);
            out.put("max_severity", round(maxSeverity));
            out.put("millis", (System.nanoTime() - t0) / 1_000_000);
            if (html != null) {
                Map<String, Object> fig = new LinkedHashMap<>(out);
                fig.remove("change_points");
                fig.remove("input");
                DegradationPages.series(
                        html,
                        input.getFileName().toString(),
                        fig,
                        first,
                        stepOut,
                        r.series(),
                        r.changes().stream().mapToInt(Change::index).toArray(),
                        r.changes().stream().mapToDouble(Change::severity).toArray(),
                        threshold);
            }
            System.out.println(Json.write(out));
        }
        if (html != null) {
            Report.Written w = html.write(report);
            LOG.info("report written to {}: {} pages, {} bytes", w.index(), w.pages(), w.bytes());
        }
        return 0;
    }

    /**
     * Runs the detector on a whole series. The RBF cost holds an n² Gram matrix, so a series longer than
     * {@link RbfCost#MAX_POINTS} is first averaged over k consecutive points (k as small as fits); the change points
     * are then indices of the averaged series.
     */
    public static Result run(double[] series, String cost, double penaltyPerLogN, int minSize, double threshold) {
        int k = 1;
        double[] y = series;
        if (cost.equals("rbf") && series.length > RbfCost.MAX_POINTS) {
            k = (series.length + RbfCost.MAX_POINTS - 1) / RbfCost.MAX_POINTS;
            y = average(series, k);
            LOG.info("{} points averaged over {} for the RBF cost", series.length, k);
        }
        double pen = penaltyPerLogN;
        if (cost.equals("l2")) {
            double sigma = noiseSigma(y);
            pen = penaltyPerLogN * Math.max(sigma * sigma, 1e-12);
        }
        DegradationDetector det = cost.equals("rbf")
                ? new DegradationDetector(RbfCost::new, pen, minSize, threshold)
                : new DegradationDetector(L2Cost::new, pen, minSize, threshold);
        int[] cps = det.changePoints(y);
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < cps.length; i++) {
            int start = i == 0 ? 0 : cps[i - 1];
            int end = i + 1 < cps.length ? cps[i + 1] : y.length;
            double before = mean(y, start, cps[i]);
            double after = mean(y, cps[i], end);
            // the job's rule (DegradationDetector.detect): a rise of more than the threshold over the segment before
            double severity = before > 0 ? after / before - 1 : Double.NaN;
            changes.add(new Change(cps[i], before, after, severity, before > 0 && after > before * (1 + threshold)));
        }
        return new Result(y, k, pen, changes);
    }

    /** Noise scale from first differences: median |x[i+1] - x[i]| / (0.6745 * sqrt 2), robust to level shifts. */
    static double noiseSigma(double[] y) {
        if (y.length < 2) {
            return 0;
        }
        double[] d = new double[y.length - 1];
        for (int i = 1; i < y.length; i++) {
            d[i - 1] = Math.abs(y[i] - y[i - 1]);
        }
        Arrays.sort(d);
        return d[d.length / 2] / (0.6745 * Math.sqrt(2));
    }

    private static double[] average(double[] y, int k) {
        double[] out = new double[(y.length + k - 1) / k];
        for (int i = 0; i < out.length; i++) {
            int a = i * k;
            int b = Math.min(y.length, a + k);
            out[i] = mean(y, a, b);
        }
        return out;
    }

    /** Empty steps repeat the previous value (the first observed value before it). */
    static double[] fillGaps(double[] v) {
        double[] out = v.clone();
        double last = Double.NaN;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                last = d;
                break;
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (Double.isNaN(out[i])) {
                out[i] = last;
            } else {
                last = out[i];
            }
        }
        return out;
    }

    private static double mean(double[] x, int a, int b) {
        double s = 0;
        for (int i = a; i < b; i++) {
            s += x[i];
        }
        return s / (b - a);
    }

    /** Rounded to 4 decimals; null (JSON null) when not finite, e.g. the severity after a zero mean. */
    private static Double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10000) / 10000.0 : null;
    }
}
