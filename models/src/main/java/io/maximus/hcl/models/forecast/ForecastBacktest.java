package io.maximus.hcl.models.forecast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolling-origin backtest of the SARIMA forecaster as deployed (training records its figures in the manifest,
 * {@code hcl eval forecast} reports them): every point of the test part (the last 30%) is a target at every
 * horizon; the model is refitted on a schedule (default daily) on a trailing training window, and
 * between refits the per-key state is updated with the filter step at every point. MASE is the model's mean
 * absolute error divided by that of the daily seasonal-naive forecast (same time yesterday) on the same targets.
 */
public final class ForecastBacktest {

    private static final Logger LOG = LoggerFactory.getLogger(ForecastBacktest.class);

    /** Figures per horizon and the forecast paths kept for a report. */
    public record Result(
            int points,
            Map<Integer, Double> r2,
            Map<Integer, Double> mase,
            Map<Integer, Double> coverage,
            double r2SeasonalNaive,
            int refits,
            double fitMillisMean,
            double[] actual,
            Map<Integer, double[]> predicted,
            Map<Integer, double[]> lower,
            Map<Integer, double[]> upper,
            int testStart) {}

    private final SarimaFitter fitter;
    private final int[] horizons;
    private final int refitEvery;
    private final int trainWindow;
    private final double testFraction;

    /**
     * An evaluation.
     *
     * @param fitter the model fitter
     * @param horizons horizons in steps (e.g. 4, 24, 96)
     * @param refitEvery steps between refits (96 = daily at 15 minutes)
     * @param trainWindow maximum training length in steps
     * @param testFraction fraction of the series at the end used as targets (0.3)
     */
    public ForecastBacktest(SarimaFitter fitter, int[] horizons, int refitEvery, int trainWindow, double testFraction) {
        this.fitter = fitter;
        this.horizons = horizons.clone();
        this.refitEvery = refitEvery;
        this.trainWindow = trainWindow;
        this.testFraction = testFraction;
    }

    /** Runs the evaluation on a binned series with seasonal period {@code daySteps}. */
    public Result run(long firstStep, double[] observed, int daySteps) {
        return run(firstStep, observed, daySteps, null);
    }

    /**
     * Runs the evaluation; targets whose index is flagged in {@code excluded} (nullable) are not scored (they are
     * still filtered and trained on, as a deployed job would).
     */
    public Result run(long firstStep, double[] observed, int daySteps, boolean[] excluded) {
        int n = observed.length;
        double[] y = Imputation.impute(observed, daySteps);
        int testStart = (int) Math.floor(n * (1 - testFraction));
        int maxH = 0;
        for (int h : horizons) {
            maxH = Math.max(maxH, h);
        }
        int firstOrigin = testStart - maxH;
        if (firstOrigin < fitter.minimumLength() || testStart - daySteps < 0) {
            throw new IllegalArgumentException("series too short: " + n + " steps");
        }
        Map<Integer, double[]> pred = new LinkedHashMap<>();
        Map<Integer, double[]> lo = new LinkedHashMap<>();
        Map<Integer, double[]> hi = new LinkedHashMap<>();
        for (int h : horizons) {
            pred.put(h, filled(n));
            lo.put(h, filled(n));
            hi.put(h, filled(n));
        }
        SarimaModel model = null;
        ForecastState state = null;
        int refits = 0;
        long fitNanos = 0;
        for (int origin = firstOrigin; origin < n - 1; origin++) {
            if ((origin - firstOrigin) % refitEvery == 0) {
                int from = Math.max(0, origin + 1 - trainWindow);
                double[] train = java.util.Arrays.copyOfRange(y, from, origin + 1);
                long t0 = System.nanoTime();
                SarimaFitter.Fit fit = fitter.fit(firstStep + from, train, model);
                fitNanos += System.nanoTime() - t0;
                model = fit.model();
                state = fit.state();
                refits++;
                LOG.info(
                        "refit {} at step {}/{}: {} points, {} evaluations, {} ms, ar={} ma={} sar={} sma={}",
                        refits,
                        origin,
                        n,
                        train.length,
                        fit.evaluations(),
                        (System.nanoTime() - t0) / 1_000_000,
                        fmt(model.ar),
                        fmt(model.ma),
                        fmt(model.sar),
                        fmt(model.sma));
            }
            Forecast fc = model.forecast(state, maxH, 0.9);
            for (int h : horizons) {
                int target = origin + h;
                if (target >= testStart && target < n) {
                    pred.get(h)[target] = fc.mean()[h - 1];
                    lo.get(h)[target] = fc.lower()[h - 1];
                    hi.get(h)[target] = fc.upper()[h - 1];
                }
            }
            model.update(state, firstStep + origin + 1, y[origin + 1]);
        }
        // metrics on observed test targets
        Map<Integer, Double> r2 = new LinkedHashMap<>();
        Map<Integer, Double> mase = new LinkedHashMap<>();
        Map<Integer, Double> cov = new LinkedHashMap<>();
        List<Integer> targets = new ArrayList<>();
        for (int t = testStart; t < n; t++) {
            if (!Double.isNaN(observed[t])
                    && !Double.isNaN(observed[t - daySteps])
                    && (excluded == null || !excluded[t])) {
                targets.add(t);
            }
        }
        double[] naive = new double[n];
        for (int t = daySteps; t < n; t++) {
            naive[t] = observed[t - daySteps];
        }
        double naiveMae = mae(observed, naive, targets);
        for (int h : horizons) {
            r2.put(h, r2(observed, pred.get(h), targets));
            mase.put(h, mae(observed, pred.get(h), targets) / naiveMae);
            int in = 0;
            for (int t : targets) {
                if (observed[t] >= lo.get(h)[t] && observed[t] <= hi.get(h)[t]) {
                    in++;
                }
            }
            cov.put(h, in / (double) targets.size());
        }
        return new Result(
                targets.size(),
                r2,
                mase,
                cov,
                r2(observed, naive, targets),
                refits,
                fitNanos / 1e6 / Math.max(1, refits),
                observed,
                pred,
                lo,
                hi,
                testStart);
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i > 0 ? "," : "").append(String.format("%.3f", v[i]));
        }
        return b.append(']').toString();
    }

    private static double[] filled(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    /** Mean absolute error of {@code f} against {@code y} over the indices {@code idx}. */
    public static double mae(double[] y, double[] f, List<Integer> idx) {
        double s = 0;
        for (int t : idx) {
            s += Math.abs(y[t] - f[t]);
        }
        return s / idx.size();
    }

    /** R² of {@code f} against {@code y} over the indices {@code idx}. */
    public static double r2(double[] y, double[] f, List<Integer> idx) {
        double mean = 0;
        for (int t : idx) {
            mean += y[t];
        }
        mean /= idx.size();
        double sse = 0;
        double sst = 0;
        for (int t : idx) {
            sse += (y[t] - f[t]) * (y[t] - f[t]);
            sst += (y[t] - mean) * (y[t] - mean);
        }
        return 1 - sse / sst;
    }
}
