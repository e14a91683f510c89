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
 * @param metrics the metric means of the row that was scored (the snapshot's values when the model scored no row)
 * @param evidence what the host is in alarm on: {@value #EVIDENCE_MODEL} (the learned failure model) and/or
 *     {@value #EVIDENCE_EXHAUSTION} (a metric with a known ceiling trending to it); empty when neither holds
 * @param exhaustingMetric the metric predicted to run out first, or null
 * @param timeToExhaustionS its predicted seconds until exhaustion, or null
 * @param exhaustionAt the predicted instant of its exhaustion, epoch milliseconds, or null
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
        Map<String, Double> metrics,
        List<String> evidence,
        String exhaustingMetric,
        Long timeToExhaustionS,
        Long exhaustionAt) {

    /** The kind that marks a failure prediction on {@code hcl.analysis}. */
    public static final String KIND = "failure_risk";

    /** Evidence from the learned failure model. */
    public static final String EVIDENCE_MODEL = "model";

    /** Evidence from the resource-exhaustion predictor. */
    public static final String EVIDENCE_EXHAUSTION = "exhaustion";

    public FailureRisk {
        kind = kind == null ? KIND : kind;
        drivers = drivers == null ? List.of() : List.copyOf(drivers);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        evidence = evidence == null ? (alarm ? List.of(EVIDENCE_MODEL) : List.of()) : List.copyOf(evidence);
    }

    /** A prediction of the learned model alone (evidence {@value #EVIDENCE_MODEL} while in alarm). */
    public FailureRisk(
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
        this(
                kind,
                scope,
                eventTime,
                model,
                probability,
                threshold,
                alarm,
                transition,
                leadMinMinutes,
                leadMaxMinutes,
                drivers,
                metrics,
                null,
                null,
                null,
                null);
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
