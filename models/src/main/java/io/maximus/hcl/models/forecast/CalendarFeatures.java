package io.maximus.hcl.models.forecast;

/**
 * Exogenous calendar regressors as Fourier terms of the step index: harmonics of the week (day of week and its
 * interaction with the hour of day) and, when the model has no seasonal differencing, harmonics of the day (hour of
 * day). Under daily seasonal differencing every pure daily harmonic (and every weekly harmonic that is a multiple of
 * 7) is annihilated, so those are left out rather than fitted as zero-variance columns.
 */
public final class CalendarFeatures {

    private final double weekSteps;
    private final double daySteps;
    private final int[] weekly;
    private final int dailyHarmonics;
    private final boolean intercept;

    /**
     * Calendar features for a model.
     *
     * @param stepSeconds step of the series (900 for 15 minutes)
     * @param weeklyHarmonics number of weekly harmonics 1..K to use (multiples of 7 are skipped under daily differencing)
     * @param dailyHarmonics number of daily harmonics (used only without seasonal differencing)
     * @param order the model orders (decides which terms survive differencing)
     */
    public CalendarFeatures(long stepSeconds, int weeklyHarmonics, int dailyHarmonics, SarimaOrder order) {
        this.weekSteps = 7 * 86400.0 / stepSeconds;
        this.daySteps = 86400.0 / stepSeconds;
        boolean dailyDiff = order.sd() > 0 && Math.abs(order.s() - daySteps) < 1e-9;
        int[] w = new int[weeklyHarmonics];
        int n = 0;
        for (int k = 1; k <= weeklyHarmonics; k++) {
            if (!(dailyDiff && k % 7 == 0)) {
                w[n++] = k;
            }
        }
        this.weekly = java.util.Arrays.copyOf(w, n);
        this.dailyHarmonics = order.sd() > 0 ? 0 : dailyHarmonics;
        this.intercept = order.d() == 0 && order.sd() == 0;
    }

    /** Number of regressors. */
    public int size() {
        return 2 * weekly.length + 2 * dailyHarmonics + (intercept ? 1 : 0);
    }

    /** Writes the regressors of step {@code t} into {@code out} (length {@link #size()}). */
    public void values(long t, double[] out) {
        int j = 0;
        double wp = 2 * Math.PI * (t % (long) Math.round(weekSteps)) / weekSteps;
        for (int k : weekly) {
            out[j++] = Math.sin(k * wp);
            out[j++] = Math.cos(k * wp);
        }
        double dp = 2 * Math.PI * (t % (long) Math.round(daySteps)) / daySteps;
        for (int k = 1; k <= dailyHarmonics; k++) {
            out[j++] = Math.sin(k * dp);
            out[j++] = Math.cos(k * dp);
        }
        if (intercept) {
            out[j] = 1;
        }
    }

    /** Inner product of the regressors of step {@code t} with {@code beta}. */
    public double dot(long t, double[] beta) {
        if (beta.length == 0) {
            return 0;
        }
        double[] x = new double[beta.length];
        values(t, x);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * beta[i];
        }
        return s;
    }
}
