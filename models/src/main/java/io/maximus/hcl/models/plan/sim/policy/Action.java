package io.maximus.hcl.models.plan.sim.policy;

import io.maximus.hcl.core.OperationalMode;

/**
 * What a policy asks for: a replica count, a CPU limit and an operational mode.
 *
 * @param targetReplicas replicas wanted
 * @param cpuLimit CPU limit as a fraction of a replica's full CPU (1.0 = no throttle)
 * @param mode the operational mode to apply ({@code set_mode})
 */
public record Action(int targetReplicas, double cpuLimit, OperationalMode mode) {

    /** This action with another replica count. */
    public Action withReplicas(int replicas) {
        return new Action(replicas, cpuLimit, mode);
    }

    /** This action with another CPU limit. */
    public Action withCpuLimit(double limit) {
        return new Action(targetReplicas, limit, mode);
    }
}
