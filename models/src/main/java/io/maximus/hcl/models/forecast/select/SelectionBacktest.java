package io.maximus.hcl.models.forecast.select;

import io.maximus.hcl.models.forecast.ForecastBacktest;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link ForecastSelector} over a whole series as the job would (every point an origin, the cheap candidates
 * refitted every {@code refitEvery} steps on a trailing window, SARIMA's forecasts given by the caller) and measures
 * the chosen forecast and every candidate on the same targets. Used by {@code hcl eval forecast}.
 */
public final class SelectionBacktest {

    /**
     * Figures.
     *
     * @param mase per horizon: the chosen forecast's MASE against same time yesterday
     * @param r2 per horizon: its R²
     * @param candidateMase per candidate, per horizon: its MASE on the targets it had a forecast for (NaN: none)
     * @param chosenShare per horizon, per candidate: the share of targets whose forecast it gave
     * @param predicted per horizon: the chosen forecast by target index (NaN outside the test part)
     */
    public record Result(
            Map<Integer, Double> mase,
            Map<Integer, Double> r2,
            Map<Candidate, Map<Integer, Double>> candidateMase,
            Map<Integer, Map<Candidate, Double>> chosenShare,
            Map<Integer, double[]> predicted) {}

    private SelectionBacktest() {}

    /**
     * Runs over {@code y} (imputed values, the job's history) and scores on {@code targets} (indices of observed test
     * points) against {@code observed}.
     *
     * @param sarimaByTarget per horizon, SARIMA's forecast by target index (NaN where none), or null
     */
    public static Result run(
            double[] y,
            double[] observed,
            long firstStep,
            ForecastSelector.Config config,
            Map<Integer, double[]> sarimaByTarget,
            int refitEvery,
            int trainWindow,
            List<Integer> targets) {
        int n = y.length;
        int[] horizons = config.horizons();
        int day = config.daySteps();
        ForecastSelector selector = new ForecastSelector(config);
        ForecastSelector.State s = new ForecastSelector.State();
        SeriesView view = step -> {
            long i = step - firstStep;
            return i >= 0 && i < n ? y[(int) i] : Double.NaN;
        };
        // the view must not see the future: each origin reads only steps <= origin (the candidates never ask for
        // later ones; forecasts() reads y at step + h - day*k, which is <= origin for every horizon)
        Map<Integer, double[]> chosen = new LinkedHashMap<>();
        Map<Candidate, Map<Integer, double[]>> byCandidate = new EnumMap<>(Candidate.class);
        Map<Integer, Candidate[]> chosenBy = new LinkedHashMap<>();
        for (int h : horizons) {
            chosen.put(h, nan(n));
            chosenBy.put(h, new Candidate[n]);
        }
        for (Candidate c : Candidate.values()) {
            Map<Integer, double[]> m = new LinkedHashMap<>();
            for (int h : horizons) {
                m.put(h, nan(n));
            }
            byCandidate.put(c, m);
        }
        for (int t = 0; t < n; t++) {
            if (t >= 2 * day && (t - 2 * day) % refitEvery == 0) {
                selector.refit(s, view, firstStep + Math.max(0, t - trainWindow), firstStep + t - 1);
            }
            double[] sarima = null;
            if (sarimaByTarget != null) {
                sarima = new double[horizons.length];
                for (int hi = 0; hi < horizons.length; hi++) {
                    double[] p = sarimaByTarget.get(horizons[hi]);
                    int target = t + horizons[hi];
                    sarima[hi] = p != null && target < n ? p[target] : Double.NaN;
                }
            }
            ForecastSelector.Choice[] cs = selector.step(s, view, firstStep + t, y[t], sarima);
            for (int hi = 0; hi < horizons.length; hi++) {
                int h = horizons[hi];
                int target = t + h;
                if (target >= n) {
                    continue;
                }
                chosen.get(h)[target] = cs[hi].value();
                chosenBy.get(h)[target] = cs[hi].candidate();
            }
            // each candidate's own forecasts, read back from the pending ring just written
            for (int hi = 0; hi < horizons.length; hi++) {
                int h = horizons[hi];
                int target = t + h;
                if (target >= n) {
                    continue;
                }
                int ring = 0;
                for (int k = 0; k < horizons.length; k++) {
                    ring += horizons[k];
                }
                int off = 0;
                for (int k = 0; k < hi; k++) {
                    off += horizons[k];
                }
                int slot = off + Math.floorMod(firstStep + target, h);
                for (Candidate c : Candidate.values()) {
                    byCandidate.get(c).get(h)[target] = s.pending[c.ordinal() * ring + slot];
                }
            }
        }
        double[] naive = nan(n);
        for (int t = day; t < n; t++) {
            naive[t] = observed[t - day];
        }
        double naiveMae = ForecastBacktest.mae(observed, naive, targets);
        Map<Integer, Double> mase = new LinkedHashMap<>();
        Map<Integer, Double> r2 = new LinkedHashMap<>();
        Map<Integer, Map<Candidate, Double>> share = new LinkedHashMap<>();
        for (int h : horizons) {
            mase.put(h, ForecastBacktest.mae(observed, chosen.get(h), targets) / naiveMae);
            r2.put(h, ForecastBacktest.r2(observed, chosen.get(h), targets));
            Map<Candidate, Double> sh = new EnumMap<>(Candidate.class);
            for (int t : targets) {
                Candidate c = chosenBy.get(h)[t];
                if (c != null) {
                    sh.merge(c, 1.0 / targets.size(), Double::sum);
                }
            }
            share.put(h, sh);
        }
        Map<Candidate, Map<Integer, Double>> cm = new EnumMap<>(Candidate.class);
        for (Candidate c : Candidate.values()) {
            Map<Integer, Double> m = new LinkedHashMap<>();
            for (int h : horizons) {
                double[] f = byCandidate.get(c).get(h);
                List<Integer> have =
                        targets.stream().filter(t -> Double.isFinite(f[t])).toList();
                m.put(
                        h,
                        have.size() < targets.size() / 2
                                ? Double.NaN
                                : ForecastBacktest.mae(observed, f, have)
                                        / ForecastBacktest.mae(observed, naive, have));
            }
            cm.put(c, m);
        }
        return new Result(mase, r2, cm, share, chosen);
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
