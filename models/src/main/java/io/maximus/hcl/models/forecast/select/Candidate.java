package io.maximus.hcl.models.forecast.select;

import java.util.Locale;

/**
 * The forecasters a service's forecast is chosen among, by rolling-origin backtest on its own history. The order is
 * the order of the per-candidate arrays in {@link ForecastSelector.State}: never reorder, only append.
 */
public enum Candidate {
    /** The SARIMA model with weekly harmonics (the job's fitted model). */
    SARIMA,
    /** Additive Holt-Winters with a daily season, smoothing constants chosen on the training window. */
    HOLT_WINTERS,
    /** Direct least squares per horizon on y[t], y[t-1] and y one day before the target. */
    SEASONAL_AR,
    /** {@link #SEASONAL_AR} plus y one week before the target (held once two weeks of history exist). */
    SEASONAL_AR_WEEKLY,
    /** Same time last week. */
    WEEKLY_NAIVE,
    /** Same time yesterday: the MASE reference, itself a candidate. */
    SEASONAL_NAIVE,
    /** The mean of the SARIMA, Holt-Winters and seasonal AR forecasts that exist at the origin. */
    COMBINATION;

    /** The name in events and reports, e.g. {@code holt_winters}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Number of candidates. */
    public static final int COUNT = values().length;
}
