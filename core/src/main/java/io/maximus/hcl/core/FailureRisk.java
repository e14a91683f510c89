package io.maximus.hcl.core;

import java.util.List;
import java.util.Map;

/**
 * A failure prediction for one host, published on {@code hcl.analysis} next to {@link AnomalyScore}s; its
 * {@code kind} ({@value #KIND}) tells it apart from anomaly scores ({@code anomaly}) and forecasts ({@code forecast}).
 *
 * @param kind always {@value #KIND}
 * @param scope service and host
 * @param eventTime event time of the newest snapshot the prediction saw, epoch milliseconds
 * @param model version of the model that made it
 * @param probability P(the host fails within {@code leadMinMinutes}..{@code leadMaxMinutes} minutes)
 * @param threshold the alarm threshold
 * @param alarm whether the host is in alarm (after hysteresis)
 * @param transition {@code raised}, {@code cleared} or {@code none}
 * @param leadMinMinutes earliest warning the model is trained for
 * @param leadMaxMinutes latest warning the model is trained for
 * @param drivers the features that drove the prediction when the alarm was raised (log-odds contributions)
 * @param metrics the metric means of the row that was scored
 */
public record FailureRisk(
        String kind,
        Scope scope,
        long eventTime,
        String model,
        double probability,
        double threshold,
        boolean alarm,
        String transition,
        int leadMinMinutes,
        int leadMaxMinutes,
        List<Driver> drivers,
        Map<String, Double> metrics) {

    /** The kind that marks a failure prediction on {@code hcl.analysis}. */
    public static final String KIND = "failure_risk";

    public FailureRisk {
        kind = kind == null ? KIND : kind;
        drivers = drivers == null ? List.of() : List.copyOf(drivers);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /**
     * One feature's contribution to a prediction.
     *
     * @param feature {@code <metric>.<trend feature>}, e.g. {@code memory_usage.slope_long}
     * @param value the feature's value (z-score units against the fleet baseline)
     * @param contribution its push on the log-odds
     */
    public record Driver(String feature, double value, double contribution) {}
}
