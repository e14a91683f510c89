package io.maximus.hcl.models.failure;

import io.maximus.hcl.core.FailureRisk;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.models.failure.exhaustion.ExhaustionWarning;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One host's failure risk from both predictors at one snapshot: the learned failure model (a row scored, an alarm with
 * hysteresis) and the exhaustion predictor (metrics with a known ceiling trending to it). The host is in alarm while
 * either holds; the event says which evidence holds, and for exhaustion the metric that runs out first, its time to
 * exhaustion and the instant.
 */
public final class FailureEvidence {

    private FailureEvidence() {}

    /**
     * What the two predictors said at one snapshot.
     *
     * @param scope service and host
     * @param eventTime the snapshot's event time
     * @param monitor the failure model's monitor, or null when the model is off
     * @param scored the row the model scored at this snapshot, or null
     * @param modelBefore whether the model's alarm held before the snapshot
     * @param modelAfter whether it holds after
     * @param warnings the exhaustion warnings the snapshot raised, refreshed or cleared
     * @param exhaustionBefore whether an exhaustion warning held before the snapshot
     * @param exhaustionAfter whether one holds after
     * @param snapshotMetrics the snapshot's metrics (reported when the model scored no row)
     */
    public record Step(
            Scope scope,
            long eventTime,
            FailureMonitor monitor,
            FailureMonitor.Scored scored,
            boolean modelBefore,
            boolean modelAfter,
            List<ExhaustionWarning> warnings,
            boolean exhaustionBefore,
            boolean exhaustionAfter,
            Map<String, Double> snapshotMetrics) {}

    /**
     * The failure-risk event of a step: one per scored row or judged minute while the host is in alarm, and one for
     * the step that clears it; null when there is nothing to say. Transition {@code raised} when the host enters
     * alarm on either evidence, {@code cleared} when neither holds any more.
     */
    public static FailureRisk event(Step s) {
        boolean spoke = s.scored() != null || !s.warnings().isEmpty();
        boolean before = s.modelBefore() || s.exhaustionBefore();
        boolean after = s.modelAfter() || s.exhaustionAfter();
        if (!spoke || (!after && !before)) {
            return null;
        }
        String transition = !before ? "raised" : !after ? "cleared" : "none";
        List<String> evidence = new ArrayList<>();
        if (s.modelAfter()) {
            evidence.add(FailureRisk.EVIDENCE_MODEL);
        }
        if (s.exhaustionAfter()) {
            evidence.add(FailureRisk.EVIDENCE_EXHAUSTION);
        }
        ExhaustionWarning first = s.exhaustionAfter()
                ? s.warnings().stream()
                        .filter(w -> w.phase() != ExhaustionWarning.Phase.CLEARED)
                        .min(Comparator.comparingLong(ExhaustionWarning::timeToExhaustionSeconds))
                        .orElse(null)
                : null;
        List<FailureRisk.Driver> drivers = new ArrayList<>();
        Map<String, Double> metrics;
        double probability = 0;
        if (s.scored() != null) {
            for (FailurePrediction.Driver d : s.scored().drivers()) {
                drivers.add(new FailureRisk.Driver(d.feature(), round(d.value()), round(d.contribution())));
            }
            probability = round(s.scored().probability());
            metrics = s.scored().values();
        } else {
            metrics = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : s.snapshotMetrics().entrySet()) {
                if (e.getValue() != null && Double.isFinite(e.getValue())) {
                    metrics.put(e.getKey(), Math.round(e.getValue() * 1000) / 1000.0);
                }
            }
        }
        FailureMonitor m = s.monitor();
        return new FailureRisk(
                FailureRisk.KIND,
                s.scope(),
                s.eventTime(),
                m == null ? "none" : m.model().version(),
                probability,
                m == null ? 0 : m.config().threshold(),
                after,
                transition,
                m == null ? 0 : m.model().leadMinMinutes(),
                m == null ? 0 : m.model().leadMaxMinutes(),
                drivers,
                metrics,
                evidence,
                first == null ? null : first.metric(),
                first == null ? null : first.timeToExhaustionSeconds(),
                first == null ? null : first.exhaustionAt());
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
