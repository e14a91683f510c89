package io.maximus.hcl.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * How unusual one snapshot is for its scope, with the evidence a decision can quote.
 *
 * @param scope service and host scored
 * @param eventTime event time of the snapshot, epoch milliseconds
 * @param detector which detector produced the score (e.g. {@code robust-z})
 * @param score the score in [0, 1]
 * @param threshold the score at and above which the snapshot counts as anomalous
 * @param components per-component (or per-metric) sub-scores
 * @param salientMetrics the metrics that contributed most, most salient first
 */
public record AnomalyScore(
        Scope scope,
        long eventTime,
        String detector,
        double score,
        double threshold,
        Map<String, Double> components,
        List<String> salientMetrics) {

    public AnomalyScore {
        components = components == null ? Map.of() : Map.copyOf(components);
        salientMetrics = salientMetrics == null ? List.of() : List.copyOf(salientMetrics);
    }

    /** The kind that marks an anomaly score on {@code hcl.analysis}, beside forecasts and failure predictions. */
    public static final String KIND = "anomaly";

    /** Always {@value #KIND}: every event on the shared analysis topic says what it is. */
    @JsonProperty("kind")
    public String kind() {
        return KIND;
    }

    /** Whether the score reaches the threshold. */
    public boolean anomalous() {
        return score >= threshold;
    }
}
