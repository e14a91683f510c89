package io.maximus.hcl.core;

/**
 * A snapshot together with its anomaly score: what the per-host analysis hands to the per-service plan stage.
 *
 * @param snapshot the validated snapshot
 * @param anomaly its anomaly score
 */
public record ScoredSnapshot(TelemetrySnapshot snapshot, AnomalyScore anomaly) {}
