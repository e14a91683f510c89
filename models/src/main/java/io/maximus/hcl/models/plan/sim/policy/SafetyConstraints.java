package io.maximus.hcl.models.plan.sim.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The hard limits every action passes through, in this order: CPU limit within [minCpu, 1] (the seed's "never below
 * 10% CPU"); memory at most {@code maxMemory} (the seed's "never above 90%"): replicas are raised until the projected
 * per-replica memory at the current demand and queue fits; step size (at most {@code maxStepUp} replicas added and
 * {@code maxStepDown} removed per decision); replica bounds last, as the hardest limit. Each limit that changes the
 * action is named in the result.
 *
 * @param minReplicas lower replica bound
 * @param maxReplicas upper replica bound
 * @param maxStepUp most replicas added in one decision
 * @param maxStepDown most replicas removed in one decision
 * @param minCpu lowest CPU limit
 * @param maxMemory highest projected memory fraction
 * @param capacityPerReplica requests/s of one replica at full CPU
 * @param memoryBase memory fraction of an idle replica
 * @param memoryPerUtilization memory fraction added at full utilization
 * @param memoryPerQueued memory fraction per queued request on a replica
 */
public record SafetyConstraints(
        int minReplicas,
        int maxReplicas,
        int maxStepUp,
        int maxStepDown,
        double minCpu,
        double maxMemory,
        double capacityPerReplica,
        double memoryBase,
        double memoryPerUtilization,
        double memoryPerQueued) {

    /** Names of the constraints, as recorded. */
    public static final String CPU_MIN = "cpu_min";
    /** CPU limit above 1. */
    public static final String CPU_MAX = "cpu_max";
    /** Memory ceiling. */
    public static final String MEMORY_MAX = "memory_max";
    /** Step size. */
    public static final String MAX_STEP = "max_step";
    /** Replica bounds. */
    public static final String REPLICA_BOUNDS = "replica_bounds";

    /** An action after the constraints, and the constraints that bound. */
    public record Result(Action action, List<String> bound) {}

    /** Applies the constraints to {@code action} given the observation it answers. */
    public Result apply(Action action, Observation o) {
        List<String> bound = new ArrayList<>(2);
        double cpu = action.cpuLimit();
        if (!(cpu >= minCpu)) {
            cpu = minCpu;
            bound.add(CPU_MIN);
        } else if (cpu > 1.0) {
            cpu = 1.0;
            bound.add(CPU_MAX);
        }
        int n = action.targetReplicas();
        int needed = n;
        while (needed < maxReplicas && memory(o, needed) > maxMemory) {
            needed++;
        }
        if (needed > n) {
            n = needed;
            bound.add(MEMORY_MAX);
        }
        int current = o.currentReplicas();
        if (n > current + maxStepUp) {
            n = current + maxStepUp;
            bound.add(MAX_STEP);
        } else if (n < current - maxStepDown) {
            n = current - maxStepDown;
            bound.add(MAX_STEP);
        }
        if (n < minReplicas || n > maxReplicas) {
            n = Math.max(minReplicas, Math.min(maxReplicas, n));
            bound.add(REPLICA_BOUNDS);
        }
        return new Result(new Action(n, cpu, action.mode()), List.copyOf(bound));
    }

    /** Projected memory fraction per replica on {@code replicas} replicas. */
    public double memory(Observation o, int replicas) {
        if (replicas <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double utilization = Math.min(1.0, o.demand() / (replicas * capacityPerReplica));
        return memoryBase + memoryPerUtilization * utilization + memoryPerQueued * o.queue() / replicas;
    }
}
