package io.maximus.hcl.tools.eval.predict;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.forecast.ForecastBacktest;
import io.maximus.hcl.models.forecast.Imputation;
import io.maximus.hcl.models.forecast.SarimaFitter;
import io.maximus.hcl.models.forecast.SarimaOrder;
import io.maximus.hcl.models.forecast.SeriesCsv;
import io.maximus.hcl.models.forecast.select.ForecastSelector;
import io.maximus.hcl.models.forecast.select.SelectionBacktest;
import io.maximus.hcl.tools.eval.report.ForecastPages;
import io.maximus.hcl.tools.eval.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl eval forecast}: rolling-origin evaluation of the SARIMA demand forecaster on a CSV series; prints one
 * JSON line with R² and MASE (against same-time-yesterday) at 1 h, 6 h and 24 h.
 */
@Command(
        name = "forecast",
        mixinStandardHelpOptions = true,
        description = "Rolling-origin evaluation of the SARIMA forecaster over the last 30%% of a series; "
                + "ends with one JSON line {points, r2_1h, r2_6h, r2_24h, mase_1h, mase_6h, mase_24h, ...}.")
public class EvalForecastCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EvalForecastCommand.class);

    @Option(names = "--input", required = true, description = "CSV file with a header row.")
    Path input;

    @Option(
            names = "--time-col",
            description = "Time column name (default: the first column). ISO-8601, "
                    + "'YYYY-MM-DD HH:MM:SS', epoch seconds or epoch millis.")
    String timeCol;

    @Option(names = "--value-col", description = "Value column name (default: the second column).")
    String valueCol;

    @Option(
            names = "--interval",
            defaultValue = "5m",
            description =
                    "Sampling interval of the input (informational; gaps are detected from the times). Default: ${DEFAULT-VALUE}.")
    String interval;

    @Option(
            names = "--step",
            defaultValue = "15m",
            description =
                    "Model resolution; the input is resampled to " + "means over this step. Default: ${DEFAULT-VALUE}.")
    String step;

    @Option(
            names = "--order",
            defaultValue = "1,1,1,1,1,1",
            description = "SARIMA orders p,d,q,P,D,Q (season = one day). Default: ${DEFAULT-VALUE}.")
    String order;

    @Option(
            names = "--weekly-harmonics",
            defaultValue = "8",
            description = "Weekly Fourier harmonics as calendar regressors. Default: ${DEFAULT-VALUE}.")
    int weeklyHarmonics;

    @Option(names = "--refit", defaultValue = "1d", description = "Refit period. Default: ${DEFAULT-VALUE}.")
    String refit;

    @Option(
            names = "--train-days",
            defaultValue = "28",
            description = "Trailing training window in days. Default: ${DEFAULT-VALUE}.")
    int trainDays;

    @Option(
            names = "--test-fraction",
            defaultValue = "0.3",
            description = "Fraction of the series at the end used as targets. Default: ${DEFAULT-VALUE}.")
    double testFraction;

    @Option(
            names = "--exclude-window",
            split = ";",
            description = "Time range FROM,TO (same formats as the time column) whose targets are not scored, e.g. a "
                    + "labelled anomaly; repeatable or ';'-separated.")
    java.util.List<String> excludeWindows = new java.util.ArrayList<>();

    @Option(
            names = "--select",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Also evaluate the forecast the job reports: the candidate chosen per horizon by online "
                    + "rolling-origin backtest (key 'selected'). Default: ${DEFAULT-VALUE}.")
    boolean select;

    @Option(
            names = "--select-refit",
            defaultValue = "1h",
            description = "Refit period of the cheap candidates (Holt-Winters, seasonal AR), as in the job. "
                    + "Default: ${DEFAULT-VALUE}.")
    String selectRefit;

    @Option(
            names = "--report",
            description = "Write an HTML report into this directory: index.html, the series, and "
                    + "one page per horizon (forecast against actual with the 90%% prediction interval).")
    Path report;

    @Override
    public Integer call() throws Exception {
        long stepSec = SeriesCsv.parseDurationSeconds(step);
        int daySteps = (int) (86400 / stepSec);
        String[] o = order.split(",");
        SarimaOrder ord = new SarimaOrder(
                Integer.parseInt(o[0].trim()),
                Integer.parseInt(o[1].trim()),
                Integer.parseInt(o[2].trim()),
                Integer.parseInt(o[3].trim()),
                Integer.parseInt(o[4].trim()),
                Integer.parseInt(o[5].trim()),
                daySteps);
        SeriesCsv.Binned series = SeriesCsv.read(input, timeCol, valueCol, stepSec);
        int[] horizons = {(int) (3600 / stepSec), (int) (6 * 3600 / stepSec), daySteps};
        LOG.info(
                "{}: {} bins of {} s (input interval {}), order {}, horizons {}",
                input,
                series.values().length,
                stepSec,
                interval,
                ord,
                horizons);
        SarimaFitter fitter = new SarimaFitter(ord, stepSec, weeklyHarmonics, 0, daySteps, 400);
        ForecastBacktest eval = new ForecastBacktest(
                fitter,
                horizons,
                (int) (SeriesCsv.parseDurationSeconds(refit) / stepSec),
                trainDays * daySteps,
                testFraction);
        long t0 = System.nanoTime();
        boolean[] excluded = new boolean[series.values().length];
        int excludedCount = 0;
        for (String win : excludeWindows) {
            String[] ft = win.split(",");
            long from = Math.floorDiv(SeriesCsv.parseEpochSeconds(ft[0]), stepSec) - series.firstBin();
            long to = Math.floorDiv(SeriesCsv.parseEpochSeconds(ft[1]), stepSec) - series.firstBin();
            for (long i = Math.max(0, from); i <= Math.min(excluded.length - 1, to); i++) {
                excluded[(int) i] = true;
                excludedCount++;
            }
        }
        ForecastBacktest.Result r =
                eval.run(series.firstBin(), series.values(), daySteps, excludedCount > 0 ? excluded : null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("points", r.points());
        String[] names = {"1h", "6h", "24h"};
        for (int i = 0; i < 3; i++) {
            out.put("r2_" + names[i], round(r.r2().get(horizons[i])));
        }
        for (int i = 0; i < 3; i++) {
            out.put("mase_" + names[i], round(r.mase().get(horizons[i])));
        }
        for (int i = 0; i < 3; i++) {
            out.put("coverage90_" + names[i], round(r.coverage().get(horizons[i])));
        }
        out.put("r2_seasonal_naive", round(r.r2SeasonalNaive()));
        if (select) {
            out.put("selected", selection(series, r, horizons, daySteps, names, excludedCount > 0 ? excluded : null));
        }
        out.put("refits", r.refits());
        if (excludedCount > 0) {
            out.put("excluded_bins", excludedCount);
        }
        out.put("fit_ms_mean", Math.round(r.fitMillisMean()));
        out.put("seconds", Math.round((System.nanoTime() - t0) / 1e9));
        if (report != null) {
            List<ForecastPages.Horizon> pages = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int h = horizons[i];
                pages.add(new ForecastPages.Horizon(
                        names[i],
                        h,
                        r.predicted().get(h),
                        r.lower().get(h),
                        r.upper().get(h),
                        Map.of(
                                "r2",
                                out.get("r2_" + names[i]),
                                "mase",
                                out.get("mase_" + names[i]),
                                "coverage90",
                                out.get("coverage90_" + names[i]))));
            }
            Report.Written w = ForecastPages.build(
                            "HCL eval forecast: " + input,
                            out,
                            series.firstBin(),
                            stepSec,
                            r.actual(),
                            r.testStart(),
                            pages,
                            0.9)
                    .write(report);
            LOG.info("report written to {}: {} pages, {} bytes", w.index(), w.pages(), w.bytes());
        }
        System.out.println(Json.MAPPER.writeValueAsString(out));
        return 0;
    }

    /**
     * The forecast the job reports: per horizon, the candidate chosen online by rolling-origin backtest on the
     * series' own history (SARIMA from the backtest above, Holt-Winters, seasonal AR, naive forecasts, a combination),
     * scored on the same targets as SARIMA.
     */
    private Map<String, Object> selection(
            SeriesCsv.Binned series,
            ForecastBacktest.Result r,
            int[] horizons,
            int daySteps,
            String[] names,
            boolean[] excluded) {
        double[] observed = series.values();
        double[] y = Imputation.impute(observed, daySteps);
        List<Integer> targets = new ArrayList<>();
        for (int t = r.testStart(); t < observed.length; t++) {
            if (!Double.isNaN(observed[t])
                    && !Double.isNaN(observed[t - daySteps])
                    && (excluded == null || !excluded[t])) {
                targets.add(t);
            }
        }
        long t0 = System.nanoTime();
        SelectionBacktest.Result sel = SelectionBacktest.run(
                y,
                observed,
                series.firstBin(),
                ForecastSelector.Config.defaults(daySteps, horizons),
                r.predicted(),
                Math.max(1, (int) (SeriesCsv.parseDurationSeconds(selectRefit) / (86400 / daySteps))),
                trainDays * daySteps,
                targets);
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < horizons.length; i++) {
            out.put("mase_" + names[i], round(sel.mase().get(horizons[i])));
        }
        for (int i = 0; i < horizons.length; i++) {
            out.put("r2_" + names[i], round(sel.r2().get(horizons[i])));
        }
        Map<String, Object> cands = new LinkedHashMap<>();
        sel.candidateMase().forEach((c, m) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < horizons.length; i++) {
                double v = m.get(horizons[i]);
                row.put("mase_" + names[i], Double.isFinite(v) ? round(v) : null);
            }
            cands.put(c.wireName(), row);
        });
        out.put("candidates", cands);
        Map<String, Object> share = new LinkedHashMap<>();
        for (int i = 0; i < horizons.length; i++) {
            Map<String, Object> sh = new LinkedHashMap<>();
            sel.chosenShare().get(horizons[i]).forEach((c, v) -> sh.put(c.wireName(), round(v)));
            share.put(names[i], sh);
        }
        out.put("chosen_share", share);
        out.put("seconds", Math.round((System.nanoTime() - t0) / 1e9));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
