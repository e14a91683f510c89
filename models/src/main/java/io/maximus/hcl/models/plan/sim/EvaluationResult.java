package io.maximus.hcl.models.plan.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of {@link PlanEvaluation} on one trace; {@link #toJson} gives the one-line shape
 * {@code {"trace": ..., "policies": {"static": {...}, "hpa": {...}, ...}}} plus the run's settings.
 *
 * @param trace the trace's name
 * @param trainSteps steps used for calibration
 * @param testSteps steps evaluated
 * @param stepSeconds the step
 * @param lambda replica-hours one SLO-violation minute is worth in the calibration objective
 * @param policies metrics per policy, in report order
 */
@JsonPropertyOrder({"trace", "train_steps", "test_steps", "step_seconds", "lambda", "policies"})
public record EvaluationResult(
        @JsonProperty("trace") String trace,
        @JsonProperty("train_steps") int trainSteps,
        @JsonProperty("test_steps") int testSteps,
        @JsonProperty("step_seconds") int stepSeconds,
        @JsonProperty("lambda") double lambda,
        @JsonProperty("policies") Map<String, PolicyMetrics> policies) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code a} dominates {@code b}: no worse on both violations and replica-hours, better on one. */
    public boolean dominates(String a, String b) {
        PolicyMetrics x = policies.get(a);
        PolicyMetrics y = policies.get(b);
        boolean noWorse = x.sloViolationMin() <= y.sloViolationMin() && x.replicaHours() <= y.replicaHours();
        return noWorse && (x.sloViolationMin() < y.sloViolationMin() || x.replicaHours() < y.replicaHours());
    }

    /** A plain-text table, one row per policy. */
    public String table() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "trace %s (train %d, test %d steps of %d s)%n",
                trace,
                trainSteps,
                testSteps,
                stepSeconds));
        s.append(String.format(
                Locale.ROOT,
                "%-11s %17s %13s %8s %12s %10s %12s  %s%n",
                "policy",
                "slo_violation_min",
                "replica_hours",
                "actions",
                "mode_changes",
                "cpu_hours",
                "dropped",
                "params"));
        policies.forEach((name, m) -> s.append(String.format(
                Locale.ROOT,
                "%-11s %17.1f %13.1f %8d %12d %10.1f %12.0f  %s%n",
                name,
                m.sloViolationMin(),
                m.replicaHours(),
                m.actions(),
                m.modeChanges(),
                m.cpuHours(),
                m.droppedRequests(),
                m.params())));
        return s.toString();
    }
}
