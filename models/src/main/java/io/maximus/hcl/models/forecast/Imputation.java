package io.maximus.hcl.models.forecast;

/**
 * Fills the missing bins of a binned series before fitting and filtering: the value one week earlier, else one day
 * earlier, else the last value (leading gaps take the first value). Used by the forecaster, its training and the
 * backtest alike, so a served model sees its gaps filled as in training.
 */
public final class Imputation {

    private Imputation() {}

    /**
     * A copy of {@code y} with its NaN bins filled; {@code daySteps} is the number of bins per day (a week is seven).
     * Scoring (in a backtest) uses only observed targets.
     */
    public static double[] impute(double[] y, int daySteps) {
        double[] out = y.clone();
        double last = Double.NaN;
        for (int i = 0; i < out.length; i++) {
            if (Double.isNaN(out[i])) {
                if (i >= 7 * daySteps && !Double.isNaN(out[i - 7 * daySteps])) {
                    out[i] = out[i - 7 * daySteps];
                } else if (i >= daySteps && !Double.isNaN(out[i - daySteps])) {
                    out[i] = out[i - daySteps];
                } else {
                    out[i] = last;
                }
            }
            if (!Double.isNaN(out[i])) {
                last = out[i];
            }
        }
        for (int i = 0; i < out.length && Double.isNaN(out[i]); i++) {
            out[i] = firstValue(out);
        }
        return out;
    }

    private static double firstValue(double[] y) {
        for (double v : y) {
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        return 0;
    }
}
