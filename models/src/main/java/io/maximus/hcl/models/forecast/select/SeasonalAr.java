package io.maximus.hcl.models.forecast.select;

/**
 * The direct seasonal autoregression of {@code ../shared/datasets/BASELINES.md}: for each horizon h, least squares
 * of y[t+h] on 1, y[t], y[t-1] and y[t+h-day] (for h = one day that is y[t] itself, so it is left out), and in the
 * weekly variant also y[t+h-week]. Coefficients live in the selector state ({@code sar}: variant × horizon × 5).
 * A tiny ridge keeps the normal equations solvable on flat series.
 */
public final class SeasonalAr {

    /** Coefficients per (variant, horizon): intercept, y[t], y[t-1], y[t+h-day], y[t+h-week]. */
    static final int WIDTH = 5;

    private SeasonalAr() {}

    /** The regressors at origin {@code t} for horizon {@code h}; null when one is missing. */
    static double[] features(SeriesView y, long t, int h, int day, boolean weekly) {
        double y0 = y.at(t);
        double y1 = y.at(t - 1);
        double yd = h < day ? y.at(t + h - day) : 0;
        double yw = weekly ? y.at(t + h - 7L * day) : 0;
        if (!Double.isFinite(y0) || !Double.isFinite(y1) || !Double.isFinite(yd) || !Double.isFinite(yw)) {
            return null;
        }
        return new double[] {1, y0, y1, yd, yw};
    }

    /**
     * Fits the coefficients for horizon {@code h} on origins in {@code [from, to - h]}; returns null when fewer than
     * two days of complete rows exist.
     */
    static double[] fit(SeriesView y, long from, long to, int h, int day, boolean weekly) {
        double[][] xtx = new double[WIDTH][WIDTH];
        double[] xty = new double[WIDTH];
        int rows = 0;
        long first = from + (weekly ? 7L * day : day);
        for (long t = first; t + h <= to; t++) {
            double target = y.at(t + h);
            double[] x = features(y, t, h, day, weekly);
            if (x == null || !Double.isFinite(target)) {
                continue;
            }
            for (int i = 0; i < WIDTH; i++) {
                xty[i] += x[i] * target;
                for (int j = 0; j < WIDTH; j++) {
                    xtx[i][j] += x[i] * x[j];
                }
            }
            rows++;
        }
        if (rows < 2 * day) {
            return null;
        }
        double scale = 0;
        for (int i = 0; i < WIDTH; i++) {
            scale = Math.max(scale, xtx[i][i]);
        }
        for (int i = 0; i < WIDTH; i++) {
            // unused regressors are all zero: the ridge makes their coefficient 0
            xtx[i][i] += 1e-9 * scale + 1e-12;
        }
        return solve(xtx, xty);
    }

    /** The forecast from fitted coefficients; NaN when a regressor is missing. */
    static double forecast(double[] coef, SeriesView y, long t, int h, int day, boolean weekly) {
        double[] x = features(y, t, h, day, weekly);
        if (x == null) {
            return Double.NaN;
        }
        double f = 0;
        for (int i = 0; i < WIDTH; i++) {
            f += coef[i] * x[i];
        }
        return f;
    }

    /** Gaussian elimination with partial pivoting (5 × 5). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            double[] tmp = m[c];
            m[c] = m[p];
            m[p] = tmp;
            if (m[c][c] == 0) {
                return null;
            }
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k <= n; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = m[i][n];
            for (int k = i + 1; k < n; k++) {
                s -= m[i][k] * x[k];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }
}
