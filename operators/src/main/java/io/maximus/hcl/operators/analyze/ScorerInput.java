package io.maximus.hcl.operators.analyze;

import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.baseline.RollingStatistics;

/**
 * A snapshot on its way to the {@link AttentionAnomalyScorer}, with the key's baseline statistics of a savepoint
 * taken before the detector's uid was one ({@link LegacyBaselineState}), once, or null.
 *
 * @param snapshot the snapshot to score
 * @param legacyBaseline the key's statistics restored under the old {@code analyze-baseline-anomaly} uid, or null
 */
public record ScorerInput(TelemetrySnapshot snapshot, RollingStatistics legacyBaseline) {}
