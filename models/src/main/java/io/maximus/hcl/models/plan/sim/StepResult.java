package io.maximus.hcl.models.plan.sim;

import io.maximus.hcl.core.OperationalMode;

/**
 * One simulated step.
 *
 * @param timeSeconds start of the step
 * @param demand arrival rate, requests/s
 * @param served rate served, requests/s
 * @param utilization served / capacity of the ready replicas
 * @param backlog requests waiting at the end of the step
 * @param p99Ms p99 latency of the step, ms
 * @param memory memory fraction of a replica
 * @param replicas replicas billed (ready and starting)
 * @param ready replicas serving
 * @param violated whether the p99 exceeded the SLO
 * @param dropped requests dropped (timed out) in the step
 * @param cpuLimit CPU limit in force
 * @param mode operational mode in force
 */
public record StepResult(
        long timeSeconds,
        double demand,
        double served,
        double utilization,
        double backlog,
        double p99Ms,
        double memory,
        int replicas,
        int ready,
        boolean violated,
        double dropped,
        double cpuLimit,
        OperationalMode mode) {}
