package io.maximus.hcl.models.plan.sim.policy;

import io.maximus.hcl.core.OperationalMode;

/**
 * What a policy sees at a decision: the job's own per-service observations.
 *
 * @param timeSeconds time of the decision, seconds
 * @param demand arrival rate over the last step, requests/s
 * @param utilization CPU used over CPU requested by the ready replicas, last step, 0..1 (saturates at the CPU limit)
 * @param queue requests waiting in the backlog
 * @param p99Ms p99 latency over the last step, ms
 * @param memory memory fraction of a replica, 0..1+
 * @param currentReplicas replicas asked for (ready and starting)
 * @param readyReplicas replicas serving traffic
 * @param forecast forecast peak demand (requests/s) over the provisioning horizon; NaN when there is none
 * @param anomaly anomaly score 0..1 (0 when there is none)
 * @param failureRisk failure risk 0..1 (0 when there is none)
 * @param mode the operational mode in force
 */
public record Observation(
        long timeSeconds,
        double demand,
        double utilization,
        double queue,
        double p99Ms,
        double memory,
        int currentReplicas,
        int readyReplicas,
        double forecast,
        double anomaly,
        double failureRisk,
        OperationalMode mode) {

    /** This observation with the external signals (forecast, anomaly, failure risk, mode) replaced. */
    public Observation withSignals(
            double newForecast, double newAnomaly, double newFailureRisk, OperationalMode newMode) {
        return new Observation(
                timeSeconds,
                demand,
                utilization,
                queue,
                p99Ms,
                memory,
                currentReplicas,
                readyReplicas,
                newForecast,
                newAnomaly,
                newFailureRisk,
                newMode);
    }
}
