package io.maximus.hcl.models.forecast.select;

/**
 * Additive Holt-Winters with a daily season and an optional damped trend, as plain functions over a
 * {@link ForecastSelector.State}'s {@code hw*} fields (so the per-key state stays one Flink POJO).
 *
 * <p>Smoothing constants are chosen by {@link #fit} on the training window by a small grid search on the mean absolute
 * error at the forecast horizons (not one step ahead: the job forecasts 1 h, 6 h and 24 h ahead), then the state is
 * rebuilt over the window with the chosen constants. Written here rather than taken from a library: no maintained
 * Java library offers Holt-Winters with a damped trend and seasonal update that fits this per-key state layout.
 */
public final class HoltWinters {

    private static final double[] ALPHAS = {0.05, 0.15, 0.3, 0.5, 0.7};
    private static final double[] GAMMAS = {0.05, 0.15, 0.3};
    /** Trend smoothing; 0 = no trend (a level and a season only). */
    private static final double[] BETAS = {0, 0.02};

    private static final double PHI = 0.9;

    private HoltWinters() {}

    /** Whether the state holds a fitted model. */
    static boolean ready(ForecastSelector.State s) {
        return s.hwSeason != null && s.hwAlpha > 0;
    }

    /** Filters one observation into the state (a missing value keeps the one-step forecast as the observation). */
    static void update(ForecastSelector.State s, long step, double y, int m) {
        update(s.hwSeason, step, y, m, s.hwAlpha, s.hwBeta, s.hwGamma, s);
    }

    private static void update(
            double[] season, long step, double y, int m, double a, double b, double g, ForecastSelector.State s) {
        int slot = (int) Math.floorMod(step, (long) m);
        double trend = b > 0 ? PHI * s.hwTrend : 0;
        double fc = s.hwLevel + trend + season[slot];
        if (!Double.isFinite(y)) {
            y = fc;
        }
        double level = a * (y - season[slot]) + (1 - a) * (s.hwLevel + trend);
        if (b > 0) {
            s.hwTrend = b * (level - s.hwLevel) + (1 - b) * trend;
        }
        season[slot] = g * (y - level) + (1 - g) * season[slot];
        s.hwLevel = level;
    }

    /** The forecast {@code h} steps after {@code step} (the newest filtered step). */
    static double forecast(ForecastSelector.State s, long step, int h, int m) {
        return forecast(s.hwLevel, s.hwTrend, s.hwBeta, s.hwSeason, step, h, m);
    }

    private static double forecast(double level, double trend, double beta, double[] season, long step, int h, int m) {
        double t = 0;
        if (beta > 0) {
            double phiK = 1;
            for (int k = 1; k <= h; k++) {
                phiK *= PHI;
                t += phiK;
            }
            t *= trend;
        }
        return level + t + season[(int) Math.floorMod(step + h, (long) m)];
    }

    /**
     * Chooses the smoothing constants on {@code [from, to]} (at least two days) by the mean absolute error at
     * {@code horizons}, then leaves {@code s} filtered through {@code to} with them. Returns false (state untouched)
     * when the window is too short or has no values.
     */
    static boolean fit(ForecastSelector.State s, SeriesView y, long from, long to, int m, int[] horizons) {
        if (to - from + 1 < 2L * m) {
            return false;
        }
        double bestErr = Double.POSITIVE_INFINITY;
        double[] best = null;
        ForecastSelector.State trial = new ForecastSelector.State();
        for (double a : ALPHAS) {
            for (double g : GAMMAS) {
                for (double b : BETAS) {
                    double err = run(trial, y, from, to, m, a, b, g, horizons, true);
                    if (err < bestErr) {
                        bestErr = err;
                        best = new double[] {a, b, g};
                    }
                }
            }
        }
        if (best == null) {
            return false;
        }
        run(s, y, from, to, m, best[0], best[1], best[2], horizons, false);
        s.hwAlpha = best[0];
        s.hwBeta = best[1];
        s.hwGamma = best[2];
        return true;
    }

    /** Initializes on the first day and filters to {@code to}; with {@code score}, the MAE summed over horizons. */
    private static double run(
            ForecastSelector.State s,
            SeriesView y,
            long from,
            long to,
            int m,
            double a,
            double b,
            double g,
            int[] horizons,
            boolean score) {
        double sum = 0;
        int n = 0;
        for (long t = from; t < from + m; t++) {
            double v = y.at(t);
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double level = sum / n;
        double[] season = new double[m];
        for (long t = from; t < from + m; t++) {
            double v = y.at(t);
            season[(int) Math.floorMod(t, (long) m)] = Double.isFinite(v) ? v - level : 0;
        }
        s.hwLevel = level;
        s.hwTrend = 0;
        s.hwSeason = season;
        double abs = 0;
        int count = 0;
        long scoreFrom = from + 2L * m;
        for (long t = from + m; t <= to; t++) {
            update(season, t, y.at(t), m, a, b, g, s);
            if (score && t >= scoreFrom && Math.floorMod(t, 4L) == 0) {
                for (int h : horizons) {
                    if (t + h > to) {
                        continue;
                    }
                    double actual = y.at(t + h);
                    if (Double.isFinite(actual)) {
                        abs += Math.abs(actual - forecast(s.hwLevel, s.hwTrend, b, season, t, h, m));
                        count++;
                    }
                }
            }
        }
        if (!score) {
            return 0;
        }
        return count == 0 ? Double.POSITIVE_INFINITY : abs / count;
    }
}
