package io.maximus.hcl.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A demand forecast for one scope, an analysis event on {@code hcl.analysis} next to the anomaly scores; its JSON
 * carries {@code "kind": "forecast"} so a consumer of the topic can tell the two apart.
 *
 * @param scope the service (and host) forecast
 * @param eventTime event time of the last observed point (the end of its step), epoch milliseconds
 * @param metric the demand metric forecast (e.g. {@code cpu_usage}, the service's mean)
 * @param model the model and its orders, e.g. {@code sarima(1,1,1)(1,1,1,96)}
 * @param stepSeconds the resolution of the series (900 = 15 minutes)
 * @param lastValue the last observed point
 * @param coverage the central coverage of the intervals (0.9)
 * @param horizons forecasts at fixed horizons (1 h, 6 h, 24 h)
 * @param peak the highest point forecast within the peak horizon (the next hour by default)
 * @param fittedAt event time of the last training point of the model in use, epoch milliseconds
 */
public record DemandForecast(
        Scope scope,
        long eventTime,
        String metric,
        String model,
        long stepSeconds,
        double lastValue,
        double coverage,
        List<Point> horizons,
        Point peak,
        long fittedAt) {

    /** The {@code kind} of this analysis event on {@code hcl.analysis}. */
    public static final String KIND = "forecast";

    public DemandForecast {
        horizons = List.copyOf(horizons);
    }

    /** Always {@value #KIND}: tells forecasts from anomaly scores on the shared analysis topic. */
    @JsonProperty("kind")
    public String kind() {
        return KIND;
    }

    /**
     * One forecast point.
     *
     * @param minutesAhead how far ahead of {@code event_time}
     * @param at the time forecast, epoch milliseconds (end of its step)
     * @param mean the point forecast
     * @param lower lower bound of the central interval
     * @param upper upper bound of the central interval
     * @param model the forecaster that gave this point, chosen per horizon by rolling-origin backtest on the
     *     service's own history (e.g. {@code sarima}, {@code holt_winters}, {@code seasonal_ar}); null when not chosen
     * @param backtestMase that forecaster's backtest MASE on this service (against same time yesterday); null while
     *     it has not been scored
     * @param modelSince event time from which this forecaster has been the choice, epoch milliseconds; null when none
     */
    public record Point(
            long minutesAhead,
            long at,
            double mean,
            double lower,
            double upper,
            String model,
            Double backtestMase,
            Long modelSince) {

        /** A point of the model in use, with no backtest choice recorded. */
        public Point(long minutesAhead, long at, double mean, double lower, double upper) {
            this(minutesAhead, at, mean, lower, upper, null, null, null);
        }
    }
}
