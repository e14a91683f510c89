package io.maximus.hcl.models.forecast;

/**
 * A forecast path from one origin: {@code mean[h-1]} is the forecast {@code h} steps ahead, with a central
 * prediction interval {@code [lower, upper]} at the requested coverage.
 *
 * @param originStep step index of the last observation used
 * @param mean point forecasts for 1..H steps ahead
 * @param lower lower interval bounds
 * @param upper upper interval bounds
 */
public record Forecast(long originStep, double[] mean, double[] lower, double[] upper) {

    /** Point forecast {@code h} steps ahead (1-based). */
    public double at(int h) {
        return mean[h - 1];
    }
}
