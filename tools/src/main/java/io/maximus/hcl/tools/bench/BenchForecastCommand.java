package io.maximus.hcl.tools.bench;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.forecast.DemandForecaster;
import io.maximus.hcl.models.forecast.Imputation;
import io.maximus.hcl.models.forecast.SarimaFitter;
import io.maximus.hcl.models.forecast.SarimaModel;
import io.maximus.hcl.models.forecast.SarimaOrder;
import io.maximus.hcl.models.forecast.SeriesCsv;
import io.maximus.hcl.models.forecast.select.ForecastSelector;
import io.maximus.hcl.models.forecast.select.SeriesView;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl bench forecast}: CPU time of the job's forecast refits, per refit and per service-hour, with the
 * likelihood evaluated by the fast (Chandrasekhar) filter and by the dense reference filter in the same run. It
 * replays the job's schedule on one series: a cold fit on the training window, then warm-started refits every
 * {@code --refit-steps} points with the window sliding forward, plus the selector's cheap candidates' refit.
 * CPU time is the measuring thread's ({@code ThreadMXBean}), so other load on the machine does not count.
 */
@Command(
        name = "forecast",
        mixinStandardHelpOptions = true,
        description = "CPU time of the forecaster's refits (SARIMA with the fast and the dense filter, and the"
                + " selector's candidates), one JSON line {\"refit_cpu_ms_per_service_hour\", ...}.")
public final class BenchForecastCommand implements Callable<Integer> {

    @Option(names = "--input", description = "CSV series (default: a synthetic 15-minute daily cycle).")
    Path input;

    @Option(names = "--value-col", description = "Value column of --input (default: the second column).")
    String valueCol;

    @Option(names = "--train-days", description = "Training window in days (default: ${DEFAULT-VALUE}).")
    int trainDays = 28;

    @Option(
            names = "--days",
            description = "Days of the synthetic series the job's schedule runs on (default: ${DEFAULT-VALUE}).")
    int days = 35;

    @Option(
            names = "--drift",
            description = "forecast.refit-drift of the job's schedule (0: refit every --refit-steps; default:"
                    + " ${DEFAULT-VALUE}).")
    double drift = 3.0;

    @Option(names = "--refits", description = "Warm refits measured per filter (default: ${DEFAULT-VALUE}).")
    int refits = 8;

    @Option(names = "--refit-steps", description = "Points between refits (default: ${DEFAULT-VALUE}, hourly).")
    int refitSteps = 4;

    @Option(
            names = "--filters",
            split = ",",
            description = "Filters to measure, FAST and/or DENSE (default: FAST,DENSE).")
    SarimaFitter.Filter[] filters = {SarimaFitter.Filter.FAST, SarimaFitter.Filter.DENSE};

    private static final int DAY = 96;
    private static final long STEP_SECONDS = 900;

    /** Runs the command standalone (the {@code hcl} launcher registers it as {@code bench forecast}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchForecastCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> line = run();
        if (line == null) {
            System.err.println("hcl bench forecast: the series is too short for " + refits + " refits");
            return 2;
        }
        System.out.println(Json.write(line));
        return 0;
    }

    /** Measures and returns the JSON line's fields; null when the series is too short. */
    Map<String, Object> run() throws Exception {
        long first;
        double[] y;
        if (input != null) {
            SeriesCsv.Binned b = SeriesCsv.read(input, null, valueCol, STEP_SECONDS);
            first = b.firstBin();
            y = Imputation.impute(b.values(), DAY);
        } else {
            first = 1_772_409_600L / STEP_SECONDS; // 2026-03-02T00:00Z
            y = synthetic(Math.max(trainDays * DAY + refits * refitSteps, days * DAY), 42);
        }
        int train = Math.min(trainDays * DAY, y.length - refits * refitSteps);
        if (train < 3 * DAY) {
            return null;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("points", train);
        line.put("refit_steps", refitSteps);
        double fastPerRefit = Double.NaN;
        double densePerRefit = Double.NaN;
        for (SarimaFitter.Filter f : filters) {
            Map<String, Object> r = measure(f, first, y, train);
            String k = f.name().toLowerCase(java.util.Locale.ROOT);
            line.put(k, r);
            if (f == SarimaFitter.Filter.FAST) {
                fastPerRefit = (double) r.get("warm_refit_cpu_ms");
            } else {
                densePerRefit = (double) r.get("warm_refit_cpu_ms");
            }
        }
        double selector = selectorRefitCpuMs(first, y, train);
        line.put("selector_refit_cpu_ms", round(selector));
        double perHour = 3600.0 / (refitSteps * STEP_SECONDS);
        if (!Double.isNaN(fastPerRefit) && !Double.isNaN(densePerRefit)) {
            line.put("dense_over_fast", round(densePerRefit / fastPerRefit));
            // before: the dense filter refitted at every refit interval
            line.put("hourly_dense_refit_cpu_ms_per_service_hour", round((densePerRefit + selector) * perHour));
        }
        Map<String, Object> job = jobSchedule(first, y);
        line.put("job_schedule", job);
        line.put(
                "refit_cpu_ms_per_service_hour",
                round((double) job.get("sarima_cpu_ms_per_service_hour") + selector * perHour));
        line.put(
                "load_average",
                round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return line;
    }

    private Map<String, Object> measure(SarimaFitter.Filter filter, long first, double[] y, int train) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int weekly = train >= 14 * DAY ? 8 : 0;
        SarimaFitter fitter =
                new SarimaFitter(SarimaOrder.seedDefault(DAY), STEP_SECONDS, weekly, 0, DAY, 400).withFilter(filter);
        long t0 = mx.getCurrentThreadCpuTime();
        SarimaFitter.Fit cold = fitter.fit(first, java.util.Arrays.copyOfRange(y, 0, train), null);
        long coldNanos = mx.getCurrentThreadCpuTime() - t0;
        SarimaModel warm = cold.model();
        long warmNanos = 0;
        int evals = 0;
        for (int i = 1; i <= refits; i++) {
            int from = i * refitSteps;
            double[] window = java.util.Arrays.copyOfRange(y, from, from + train);
            t0 = mx.getCurrentThreadCpuTime();
            SarimaFitter.Fit fit = fitter.fit(first + from, window, warm);
            warmNanos += mx.getCurrentThreadCpuTime() - t0;
            evals += fit.evaluations();
            warm = fit.model();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cold_fit_cpu_ms", round(coldNanos / 1e6));
        r.put("cold_evaluations", cold.evaluations());
        r.put("warm_refit_cpu_ms", round(warmNanos / 1e6 / refits));
        r.put("warm_evaluations", round((double) evals / refits));
        r.put("loglik", round(warm.logLik));
        return r;
    }

    /**
     * The job's schedule on the whole series (default options: refit interval {@code --refit-steps}, drift threshold
     * 3, at least daily; 28 days held, first fit after 2 days), fits made synchronously: SARIMA refits and their CPU
     * time per service-hour from the first fit on.
     */
    private Map<String, Object> jobSchedule(long first, double[] y) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        DemandForecaster f = new DemandForecaster(new DemandForecaster.Config(
                "cpu_usage",
                STEP_SECONDS,
                new int[] {1, 1, 1, 1, 1, 1},
                8,
                trainDays * DAY,
                2 * DAY,
                refitSteps,
                400,
                0.9,
                4,
                Math.max(refitSteps, DAY),
                drift));
        DemandForecaster.State s = new DemandForecaster.State();
        long nanos = 0;
        long firstFit = -1;
        int fits = 0;
        int[] horizons = {4, 24, 96};
        double[][] predicted = new double[horizons.length][y.length];
        for (double[] p : predicted) {
            java.util.Arrays.fill(p, Double.NaN);
        }
        for (int i = 0; i < y.length; i++) {
            f.add(s, (first + i) * STEP_SECONDS * 1000, y[i]);
            f.close(s);
            if (s.model != null) {
                io.maximus.hcl.models.forecast.Forecast fc = s.model.forecast(s.filter, DAY, 0.9);
                for (int k = 0; k < horizons.length; k++) {
                    if (i + horizons[k] < y.length) {
                        predicted[k][i + horizons[k]] = fc.mean()[horizons[k] - 1];
                    }
                }
            }
            if (f.refitDue(s)) {
                long t0 = mx.getCurrentThreadCpuTime();
                f.install(s, f.fit(f.training(s), s.model));
                nanos += mx.getCurrentThreadCpuTime() - t0;
                fits++;
                if (firstFit < 0) {
                    firstFit = i;
                }
            }
        }
        double hours = firstFit < 0 ? 0 : (y.length - firstFit) * STEP_SECONDS / 3600.0;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("days", round(y.length / (double) DAY));
        r.put("refits", fits);
        r.put("hours_with_a_model", round(hours));
        r.put("sarima_cpu_ms", round(nanos / 1e6));
        r.put("sarima_cpu_ms_per_service_hour", hours == 0 ? 0.0 : round(nanos / 1e6 / hours));
        // accuracy of the forecasts this schedule gave: MASE against same time yesterday, every point an origin
        String[] names = {"1h", "6h", "24h"};
        for (int k = 0; k < horizons.length; k++) {
            double err = 0;
            double naive = 0;
            for (int t = DAY; t < y.length; t++) {
                if (!Double.isNaN(predicted[k][t])) {
                    err += Math.abs(y[t] - predicted[k][t]);
                    naive += Math.abs(y[t] - y[t - DAY]);
                }
            }
            r.put("mase_" + names[k], naive == 0 ? null : round(err / naive));
        }
        return r;
    }

    private double selectorRefitCpuMs(long first, double[] y, int train) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ForecastSelector sel = new ForecastSelector(ForecastSelector.Config.defaults(DAY, new int[] {4, 24, 96}));
        ForecastSelector.State s = new ForecastSelector.State();
        SeriesView view = at -> at >= first && at < first + y.length ? y[(int) (at - first)] : Double.NaN;
        sel.refit(s, view, first, first + train - 1); // warm-up
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 1; i <= refits; i++) {
            long from = first + (long) i * refitSteps;
            sel.refit(s, view, from, from + train - 1);
        }
        return (mx.getCurrentThreadCpuTime() - t0) / 1e6 / refits;
    }

    /** A 15-minute series with a daily cycle, a weekday/weekend difference, AR(1) noise and a slow drift. */
    static double[] synthetic(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] y = new double[n];
        double ar = 0;
        for (int t = 0; t < n; t++) {
            double day = Math.sin(2 * Math.PI * (t % DAY) / DAY - Math.PI / 2);
            boolean weekend = (t / DAY) % 7 >= 5;
            ar = 0.7 * ar + rnd.nextGaussian() * 2;
            y[t] = 40 + (weekend ? 8 : 15) * day + ar + 0.002 * t;
        }
        return y;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
