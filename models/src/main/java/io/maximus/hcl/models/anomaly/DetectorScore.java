package io.maximus.hcl.models.anomaly;

import java.util.List;
import java.util.Map;

/**
 * The combined detector's verdict on one snapshot, with enough detail for a decision to say why.
 *
 * @param score combined calibrated score in [0, 1]
 * @param threshold the threshold it was compared with
 * @param anomalous whether {@code score >= threshold}
 * @param components calibrated score in [0, 1] of each component that ran, by component name
 * @param weights effective (renormalized) weight of each component that ran
 * @param missing configured components that were not available (e.g. the LSTM autoencoder before it is deployed)
 * @param salient the most deviating metrics of the snapshot, most salient first
 */
public record DetectorScore(
        double score,
        double threshold,
        boolean anomalous,
        Map<String, Double> components,
        Map<String, Double> weights,
        List<String> missing,
        List<SalientMetric> salient) {

    /**
     * One metric that stands out in a snapshot.
     *
     * @param metric metric name (or {@code dim<i>} when unnamed)
     * @param index position in the snapshot vector
     * @param z standardized deviation from the training mean (signed)
     */
    public record SalientMetric(String metric, int index, double z) {}
}
