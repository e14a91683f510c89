package io.maximus.hcl.models.plan.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * What one policy did over one run.
 *
 * @param sloViolationMin minutes of steps whose p99 exceeded the SLO
 * @param replicaHours replica-hours billed (ready and starting)
 * @param actions decisions that changed the replica count
 * @param modeChanges decisions that changed the operational mode
 * @param cpuHours replica-hours times the CPU limit (the allocated CPU the throttle saves)
 * @param droppedRequests requests dropped after the timeout
 * @param constraintBindings how often each safety constraint bound
 * @param params the policy's calibrated parameters
 */
@JsonPropertyOrder({
    "slo_violation_min",
    "replica_hours",
    "actions",
    "mode_changes",
    "cpu_hours",
    "dropped_requests",
    "constraint_bindings",
    "params"
})
public record PolicyMetrics(
        @JsonProperty("slo_violation_min") double sloViolationMin,
        @JsonProperty("replica_hours") double replicaHours,
        @JsonProperty("actions") int actions,
        @JsonProperty("mode_changes") int modeChanges,
        @JsonProperty("cpu_hours") double cpuHours,
        @JsonProperty("dropped_requests") double droppedRequests,
        @JsonProperty("constraint_bindings") Map<String, Integer> constraintBindings,
        @JsonProperty("params") Map<String, Object> params) {

    /** The calibration objective: replica-hours + lambda * SLO-violation minutes. */
    public double cost(double lambda) {
        return replicaHours + lambda * sloViolationMin;
    }

    /** The same metrics with parameters attached. */
    public PolicyMetrics withParams(Map<String, Object> p) {
        return new PolicyMetrics(
                sloViolationMin, replicaHours, actions, modeChanges, cpuHours, droppedRequests, constraintBindings, p);
    }
}
